package dev.deploypipeline.rollbackplan;

import java.util.ArrayList;
import java.util.List;

/**
 * The runnable half of a plan: a bash script that stops at the first failing step ({@code set -euo pipefail}),
 * checks before it changes anything (the daemon answers, the old images are still on the host: no registry is
 * assumed), then rolls the images back, restores Caddy's config where it changed, and verifies.
 */
final class PlanScript {
  private PlanScript() {}

  static String render(PlanInput in, List<ImageTags.Change> images, List<String> stepTitles) {
    StringBuilder s = new StringBuilder();
    s.append("#!/usr/bin/env bash\n");
    s.append("# Rollback of ").append(in.service()).append(" in ").append(in.environment()).append(": ")
        .append(in.current().version()).append(" (").append(in.current().deploymentId()).append(") -> ")
        .append(in.target().version()).append(" (").append(in.target().deploymentId()).append(").\n");
    s.append("# Made by `deployment-pipeline rollback-plan` at ").append(in.at()).append(". Running it by hand is ")
        .append("not recorded by the pipeline;\n# `deployment-pipeline rollback-plan --env ").append(in.environment())
        .append(" --execute` does the same rollback through it, audited.\n");
    s.append("set -euo pipefail\n");
    s.append("cd ").append(Shell.quote(in.projectDir())).append('\n');
    s.append("PREVIOUS=").append(Shell.quote(in.target().version())).append('\n');
    s.append("CURRENT=").append(Shell.quote(in.current().version())).append('\n');
    PlanInput.Compose c = in.compose();
    if (c != null) {
      s.append("COMPOSE_FILE=").append(Shell.quote(c.file())).append('\n');
      s.append("PROJECT=").append(Shell.quote(c.project())).append('\n');
      s.append("# Compose v1 is what Debian ships; set DOCKER_COMPOSE='docker compose' for v2.\n");
      s.append("DOCKER_COMPOSE=${DOCKER_COMPOSE:-docker-compose}\n");
      s.append("compose() { $DOCKER_COMPOSE -p \"$PROJECT\" -f \"$COMPOSE_FILE\" \"$@\"; }\n");
    }
    if (in.caddy() != null) s.append("CADDY_ADMIN=").append(Shell.quote(in.caddy().admin())).append('\n');
    s.append("step() { printf '\\n==> %s\\n' \"$*\"; }\n");
    s.append("fail() { printf 'rollback stopped: %s\\n' \"$*\" >&2; exit 1; }\n");
    int n = 0;
    int total = stepTitles.size();
    if (c != null) {
      s.append("\nstep ").append(Shell.quote(++n + "/" + total + " " + stepTitles.get(n - 1))).append('\n');
      s.append("docker info >/dev/null 2>&1 || fail 'the Docker daemon does not answer: start it or set DOCKER_HOST'\n");
      for (ImageTags.Change i : images) {
        if (!i.versioned()) continue;
        s.append("docker image inspect ").append(Shell.quote(i.to())).append(" >/dev/null 2>&1 || fail ")
            .append(Shell.quote("image " + i.to() + " is no longer on this host: rebuild it from commit "
                + in.target().commit() + " (docker build -t " + i.to() + " .), then run this again")).append('\n');
      }
    }
    if (in.caddy() != null) {
      s.append("\nstep ").append(Shell.quote(++n + "/" + total + " " + stepTitles.get(n - 1))).append('\n');
      s.append("BACKUP=$(mktemp /tmp/caddy-before-rollback.json.XXXXXX)\n");
      s.append("if curl -fsS --max-time 5 \"http://$CADDY_ADMIN/config/\" >\"$BACKUP\"; then echo \"live Caddy config ")
          .append("saved in $BACKUP (restore: curl -X POST -H 'Content-Type: application/json' --data-binary @$BACKUP ")
          .append("http://$CADDY_ADMIN/load)\"; else echo 'Caddy admin API did not answer: nothing saved'; fi\n");
    }
    if (c != null) {
      String services = String.join(" ", images.stream().filter(ImageTags.Change::versioned)
          .map(i -> Shell.quote(i.service())).toList());
      s.append("\nstep ").append(Shell.quote(++n + "/" + total + " " + stepTitles.get(n - 1))).append('\n');
      s.append("TAG=\"$PREVIOUS\" VERSION=\"$PREVIOUS\" compose up -d --no-build ").append(services).append('\n');
    } else if (in.rollbackCommand() != null) {
      s.append("\nstep ").append(Shell.quote(++n + "/" + total + " " + stepTitles.get(n - 1))).append('\n');
      s.append("ENVIRONMENT=").append(Shell.quote(in.environment())).append(" PREVIOUS_VERSION=\"$PREVIOUS\" ")
          .append("PREVIOUS_COMMIT=").append(Shell.quote(nz(in.target().commit()))).append(" PREVIOUS_DEPLOYMENT_ID=")
          .append(Shell.quote(in.target().deploymentId())).append(" bash -c ").append(Shell.quote(in.rollbackCommand()))
          .append('\n');
    }
    if (in.caddy() != null && in.caddy().changed()) {
      String text = in.caddy().previousCaddyfile();
      String eof = Shell.delimiter(text, "CADDYFILE");
      s.append("\nstep ").append(Shell.quote(++n + "/" + total + " " + stepTitles.get(n - 1))).append('\n');
      s.append("PREVIOUS_CADDYFILE=$(mktemp /tmp/Caddyfile.XXXXXX)\n");
      s.append("cat >\"$PREVIOUS_CADDYFILE\" <<'").append(eof).append("'\n").append(text)
          .append(text.endsWith("\n") ? "" : "\n").append(eof).append('\n');
      s.append("caddy reload --config \"$PREVIOUS_CADDYFILE\" --adapter caddyfile --address \"$CADDY_ADMIN\" || fail ")
          .append(Shell.quote("caddy refused " + in.target().version() + "'s Caddyfile; the live config is unchanged"))
          .append('\n');
    }
    s.append("\nstep ").append(Shell.quote(++n + "/" + total + " " + stepTitles.get(n - 1))).append('\n');
    if (c != null) {
      for (ImageTags.Change i : images) {
        if (!i.versioned()) continue;
        String svc = Shell.quote(i.service());
        s.append("id=$(compose ps -q ").append(svc).append(")\n");
        s.append("[ -n \"$id\" ] || fail ").append(Shell.quote("service " + i.service() + " has no container")).append('\n');
        s.append("running=$(docker inspect --format '{{.Config.Image}}' $id)\n");
        s.append("[ \"$running\" = ").append(Shell.quote(i.to())).append(" ] || fail \"service ")
            .append(i.service()).append(" runs $running, not ").append(i.to()).append("\"\n");
        s.append("echo ").append(Shell.quote("ok: " + i.service() + " runs " + i.to())).append('\n');
      }
    }
    for (String url : in.healthUrls()) {
      s.append("url=").append(Shell.expanding(url)).append('\n');
      s.append("curl -fsS --max-time 5 --retry 12 --retry-delay 5 --retry-connrefused -o /dev/null \"$url\"")
          .append(" || fail \"$url is not healthy\"\n");
      s.append("echo \"ok: $url answers\"\n");
    }
    s.append("echo \"rolled back ").append(in.service()).append(" in ").append(in.environment())
        .append(" to $PREVIOUS\"\n");
    return s.toString();
  }

  /** The script when there is nothing to go back to: it says so and fails, rather than doing anything. */
  static String nothing(PlanInput in, String why) {
    return "#!/usr/bin/env bash\n# No rollback plan for " + in.service() + " in " + in.environment() + ".\n"
        + "echo " + Shell.quote("nothing to roll back to: " + why) + " >&2\nexit 1\n";
  }

  static List<String> titles(PlanInput in) {
    List<String> t = new ArrayList<>();
    if (in.compose() != null) t.add("check the daemon and that the previous images are still here");
    if (in.caddy() != null) t.add("save the live Caddy config");
    if (in.compose() != null) t.add("recreate the services at the previous tag");
    else if (in.rollbackCommand() != null) t.add("run the environment's rollback command");
    if (in.caddy() != null && in.caddy().changed()) t.add("reload the previous Caddyfile");
    t.add("verify");
    return t;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
