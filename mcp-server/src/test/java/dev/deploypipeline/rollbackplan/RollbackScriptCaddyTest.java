package dev.deploypipeline.rollbackplan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.router.CaddyProcess;
import dev.deploypipeline.router.PrivateProxy;
import dev.deploypipeline.router.Upstream;
import dev.deploypipeline.targets.Ports;
import dev.deploypipeline.testutil.RequiredTool;
import dev.deploypipeline.workflow.Sleeper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan's Caddy steps against a real Caddy 2.6: the script saves the live config from the admin API, then reloads
 * the older Caddyfile through it, and the site answers as the older release had it.
 */
class RollbackScriptCaddyTest {
  @TempDir Path dir;

  @Test
  void theScriptSavesTheLiveConfigAndReloadsTheOlderCaddyfile() throws Exception {
    Path caddy = RequiredTool.require("caddy", "caddy");
    RequiredTool.require("curl", "curl");
    List<Integer> ports = Ports.free(3);
    int site = ports.get(0);
    int admin = ports.get(1);
    PrivateProxy<?> proxy = CaddyProcess.start(caddy, dir.resolve("caddy"), site, admin, "rb",
        List.of(new Upstream("127.0.0.1:" + ports.get(2), 1)), Sleeper.REAL);
    try {
      String older = "{\n\tadmin 127.0.0.1:" + admin + "\n}\nhttp://127.0.0.1:" + site + " {\n\tbind 127.0.0.1\n"
          + "\trespond \"release 1.0.0\"\n}";
      PlanInput.Caddy c = new PlanInput.Caddy("127.0.0.1:" + admin, "Caddyfile", older, "(newer)", 100, null);
      RollbackPlan plan = RollbackPlanner.plan(new PlanInput("shop", "prod", Plans.V2, Plans.V1, null, c, List.of(),
          null, List.of("http://127.0.0.1:" + site + "/"), "true", dir.toString(), Instant.EPOCH));

      Path script = dir.resolve("rollback.sh");
      Files.writeString(script, plan.script());
      ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
      pb.environment().put("HOME", dir.toString());
      pb.environment().put("XDG_DATA_HOME", dir.resolve("data").toString());
      pb.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(out).contains("live Caddy config saved in /tmp/caddy-before-rollback.", "==> 4/4 verify",
          "ok: http://127.0.0.1:" + site + "/ answers");
      String saved = out.replaceAll("(?s).*live Caddy config saved in (\\S+) .*", "$1");
      try {
        assertThat(Files.readString(Path.of(saved))).as("the config before the rollback").contains("\"rb\"");
      } finally {
        Files.deleteIfExists(Path.of(saved));
      }
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + site + "/")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.body()).isEqualTo("release 1.0.0");
    } finally {
      proxy.stop();
    }
  }
}
