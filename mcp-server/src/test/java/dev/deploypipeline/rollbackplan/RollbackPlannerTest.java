package dev.deploypipeline.rollbackplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plans from given facts: tags, what cannot be undone, the Caddy step, the script's syntax (bash -n). */
class RollbackPlannerTest {
  static final String STACK = """
      services:
        web:
          image: shop-web:${TAG}
          volumes: ["data:/var/lib/shop", "./static:/static:ro"]
        worker:
          image: "registry.test/shop-worker:${VERSION:-latest}"
          volumes:
            - type: volume
              source: queue
              target: /q
        redis:
          image: redis:7.2
      volumes:
        data: {}
        queue: {}
      """;

  @TempDir Path dir;

  @Test
  void imagesGoBackToThePreviousTagAndPinnedOnesStay() {
    RollbackPlan p = RollbackPlanner.plan(Plans.input(Plans.compose(STACK, "shop-prod"), null, List.of(), null,
        List.of(), null, "/srv/shop"));
    assertThat(p.possible()).isTrue();
    assertThat(p.images()).containsExactly(
        new ImageTags.Change("web", "shop-web:2.0.0", "shop-web:1.0.0", true),
        new ImageTags.Change("worker", "registry.test/shop-worker:2.0.0", "registry.test/shop-worker:1.0.0", true),
        new ImageTags.Change("redis", "redis:7.2", "redis:7.2", false));
    assertThat(p.markdown()).contains("| web | `shop-web:2.0.0` | `shop-web:1.0.0` |",
        "| redis | `redis:7.2` | unchanged (pinned) |", "From **2.0.0** (d-2, commit bbbbbbbbbbbb) back to **1.0.0**");
    assertThat(p.script()).contains("TAG=\"$PREVIOUS\" VERSION=\"$PREVIOUS\" compose up -d --no-build 'web' 'worker'\n",
        "docker image inspect 'shop-web:1.0.0'", "PROJECT='shop-prod'", "cd '/srv/shop'")
        .doesNotContain("'redis'");
  }

  @Test
  void namedVolumesAndChangedMigrationsCannotBeRolledBack() {
    RollbackPlan p = RollbackPlanner.plan(Plans.input(Plans.compose(STACK, "shop-prod"), null,
        List.of("db/migrate", "flyway"), List.of("db/migrate/20261201_add_orders.rb"), List.of(), null, "/srv/shop"));
    assertThat(p.irreversible()).extracting(Irreversible::kind, Irreversible::name).containsExactly(
        org.assertj.core.groups.Tuple.tuple("volume", "data"), org.assertj.core.groups.Tuple.tuple("volume", "queue"),
        org.assertj.core.groups.Tuple.tuple("migration", "db/migrate"),
        org.assertj.core.groups.Tuple.tuple("migration", "flyway"));
    assertThat(p.irreversible().get(0).detail()).isEqualTo("named volume data (used by web): " + Irreversible.KINDS
        .get("volume"));
    assertThat(p.irreversible().get(0).mitigation()).contains("-v shop-prod_data:/v:ro");
    assertThat(p.irreversible().get(2).detail()).startsWith("1 migration file(s) in db/migrate/ changed since 1.0.0 "
        + "(db/migrate/20261201_add_orders.rb)");
    assertThat(p.irreversible().get(2).mitigation()).contains("expand/contract", "backup");
    assertThat(p.irreversible().get(3).detail()).isEqualTo("migrations in flyway/: none changed between the two "
        + "releases");
    assertThat(p.markdown()).contains("## What cannot be rolled back", "- **volume data**", "- **migration db/migrate**");
  }

  @Test
  void unknownMigrationChangesAreSaidToBeUnknown() {
    RollbackPlan p = RollbackPlanner.plan(Plans.input(null, null, List.of("migrations"), null, List.of(),
        "./rollback.sh", "/srv/shop"));
    assertThat(p.irreversible()).singleElement().satisfies(i -> assertThat(i.detail())
        .startsWith("migrations in migrations/ (git could not say which changed between the two releases)"));
  }

  @Test
  void aChangedCaddyfileIsReloadedFromTheOlderCommit() throws Exception {
    String old = "www.example.test {\n\treverse_proxy 127.0.0.1:8080\n}\nCADDYFILE";
    PlanInput.Caddy caddy = new PlanInput.Caddy("127.0.0.1:2019", "Caddyfile", old, "www.example.test {\n}", 512,
        null);
    RollbackPlan p = RollbackPlanner.plan(Plans.input(Plans.compose(STACK, "shop"), caddy, List.of(), null,
        List.of("http://127.0.0.1:8080/health"), null, "/srv/shop"));
    assertThat(p.caddy()).isEqualTo("Caddyfile changed since 1.0.0: the script reloads the one from commit "
        + Plans.V1.commit());
    assertThat(p.steps()).containsExactly("check the daemon and that the previous images are still here",
        "save the live Caddy config", "recreate the services at the previous tag", "reload the previous Caddyfile",
        "verify");
    // The Caddyfile's own last line is CADDYFILE, so the heredoc needs another delimiter.
    assertThat(p.script()).contains("<<'CADDYFILE_1'\n" + old + "\nCADDYFILE_1\n",
        "caddy reload --config \"$PREVIOUS_CADDYFILE\" --adapter caddyfile --address \"$CADDY_ADMIN\"",
        "url=\"http://127.0.0.1:8080/health\"\ncurl -fsS --max-time 5 --retry 12 --retry-delay 5 "
            + "--retry-connrefused -o /dev/null \"$url\"");
    assertSyntax(p.script());
    PlanInput.Caddy same = new PlanInput.Caddy("127.0.0.1:2019", "Caddyfile", "a {\n}", "a {\n}", 10, null);
    RollbackPlan q = RollbackPlanner.plan(Plans.input(null, same, List.of(), null, List.of(), "true", "/srv"));
    assertThat(q.caddy()).isEqualTo("Caddyfile is the same at 1.0.0 and now: Caddy needs no change");
    assertThat(q.script()).doesNotContain("caddy reload");
    PlanInput.Caddy unknown = new PlanInput.Caddy("127.0.0.1:2019", null, null, null, -1, "not reachable");
    RollbackPlan u = RollbackPlanner.plan(Plans.input(null, unknown, List.of(), null, List.of(), "true", "/srv"));
    assertThat(u.irreversible()).extracting(Irreversible::kind).containsExactly("caddy");
    assertThat(u.caddy()).startsWith("admin API at 127.0.0.1:2019 did not answer (not reachable)");
  }

  @Test
  void withoutComposeTheConfiguredRollbackCommandRunsWithThePipelinesVariables() throws Exception {
    RollbackPlan p = RollbackPlanner.plan(Plans.input(null, null, List.of(), null, List.of(),
        "./deploy.sh rollback \"$PREVIOUS_VERSION\" it's", "/srv/o'brien"));
    assertThat(p.script()).contains("cd '/srv/o'\\''brien'", "ENVIRONMENT='prod' PREVIOUS_VERSION=\"$PREVIOUS\" "
        + "PREVIOUS_COMMIT='aaaaaaaaaaaaaaaa1111' PREVIOUS_DEPLOYMENT_ID='d-1' bash -c './deploy.sh rollback "
        + "\"$PREVIOUS_VERSION\" it'\\''s'");
    assertSyntax(p.script());
  }

  @Test
  void nothingToGoBackToIsSaidAndTheScriptRefuses() throws Exception {
    PlanInput first = new PlanInput("shop", "prod", Plans.V1, null, null, null, List.of(), null, List.of(), "true",
        "/srv", Instant.EPOCH);
    RollbackPlan p = RollbackPlanner.plan(first);
    assertThat(p.possible()).isFalse();
    assertThat(p.reason()).isEqualTo("d-1 (1.0.0) is the first release recorded in prod; there is no earlier one");
    assertThat(run(p.script())).isEqualTo(1);
    PlanInput noWay = new PlanInput("shop", "prod", Plans.V2, Plans.V1, null, null, List.of(), null, List.of(), null,
        "/srv", Instant.EPOCH);
    assertThat(RollbackPlanner.plan(noWay).reason()).contains("add environments.prod.rollback.command");
  }

  @Test
  void configVariablesInAUrlAreExpandedByBashWhenTheScriptRunsAndNothingElseIs() throws Exception {
    String url = "http://127.0.0.1:${PORT:-18082}/health?a=$$x&b=\"`id`\"$HOME";
    Path f = dir.resolve("echo.sh");
    Files.writeString(f, "printf '%s' " + Shell.expanding(url) + "\n");
    ProcessBuilder pb = new ProcessBuilder("bash", f.toString());
    pb.environment().put("PORT", "9999");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(out).isEqualTo("http://127.0.0.1:9999/health?a=$x&b=\"`id`\"$HOME");
  }

  @Test
  void everyScriptIsValidBash() throws Exception {
    assertSyntax(RollbackPlanner.plan(Plans.input(Plans.compose(STACK, "x"), null, List.of("migrations"), List.of(),
        List.of("http://127.0.0.1:1/h"), null, "/srv")).script());
  }

  private void assertSyntax(String script) throws Exception {
    Path f = dir.resolve("plan.sh");
    Files.writeString(f, script);
    Process p = new ProcessBuilder("bash", "-n", f.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("bash -n: " + out + "\n" + script).isZero();
  }

  private int run(String script) throws Exception {
    Path f = dir.resolve("run.sh");
    Files.writeString(f, script);
    Process p = new ProcessBuilder("bash", f.toString()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }
}
