package dev.deploypipeline.rollbackplan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.compose.ComposeFacts;
import dev.deploypipeline.compose.ComposeRequest;
import dev.deploypipeline.targets.Ports;
import dev.deploypipeline.testutil.Dockerd;
import dev.deploypipeline.testutil.RequiredTool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan's script, run for real: a stack at 2.0.0 on the private dockerd is rolled back to 1.0.0 by the script,
 * which then verifies the image and the health URL. A missing old image stops it before anything changes.
 */
class RollbackScriptDockerTest {
  @TempDir Path dir;
  private Map<String, String> env;
  private String project;

  @AfterEach
  void down() {
    if (env != null && project != null) {
      Dockerd.run(env, List.of("docker-compose", "-p", project, "-f", dir.resolve("docker-compose.yml").toString(),
          "down", "--volumes", "--timeout", "1"));
    }
  }

  @Test
  void theScriptRollsTheStackBackAndVerifiesIt() throws Exception {
    Map<String, String> docker = Dockerd.require();
    RequiredTool.require("docker-compose", "docker-compose");
    RequiredTool.require("curl", "curl");
    env = new HashMap<>(docker);
    project = "rbtest" + UUID.randomUUID().toString().substring(0, 8);
    String image = project + "-web";
    for (String tag : List.of("1.0.0", "2.0.0")) {
      Dockerd.docker(env, "tag", docker.get("DP_TEST_IMAGE"), image + ":" + tag);
    }
    int port = Ports.free(1).get(0);
    String yaml = "services:\n  web:\n    image: " + image + ":${TAG}\n    network_mode: host\n"
        + "    command: [\"sh\", \"-c\", \"mkdir -p /www && echo ok > /www/health && exec httpd -f -p 127.0.0.1:"
        + port + " -h /www\"]\n    volumes: [\"data:/data\"]\nvolumes:\n  data: {}\n";
    Files.writeString(dir.resolve("docker-compose.yml"), yaml);
    Map<String, String> at2 = new HashMap<>(env);
    at2.put("TAG", "2.0.0");
    Dockerd.run(at2, List.of("docker-compose", "-p", project, "-f", dir.resolve("docker-compose.yml").toString(),
        "up", "-d"));
    assertThat(runningImage()).isEqualTo(image + ":2.0.0");

    PlanInput.Compose compose = new PlanInput.Compose("docker-compose.yml", project, List.of(),
        ComposeFacts.load(ComposeRequest.ofFiles(List.of(Path.of("docker-compose.yml"))).withBaseDir(dir)
            .withEnvironment(Map.of("TAG", "2.0.0"))));
    RollbackPlan plan = RollbackPlanner.plan(Plans.input(compose, null, List.of(), null,
        List.of("http://127.0.0.1:" + port + "/health"), null, dir.toString()));
    assertThat(plan.irreversible()).extracting(Irreversible::name).containsExactly("data");

    Result r = bash(plan.script());
    assertThat(r.exit).as(r.out).isZero();
    assertThat(r.out).contains("ok: web runs " + image + ":1.0.0", "ok: http://127.0.0.1:" + port + "/health answers",
        "rolled back shop in prod to 1.0.0");
    assertThat(runningImage()).isEqualTo(image + ":1.0.0");

    // Going back to a tag that is no longer on the host stops at the check, with the running stack untouched.
    RollbackPlan gone = RollbackPlanner.plan(new PlanInput("shop", "prod", Plans.V1,
        new PlanInput.Release("d-0", "0.9.0", "cccc"), compose, null, List.of(), null, List.of(), null,
        dir.toString(), java.time.Instant.EPOCH));
    Result refused = bash(gone.script());
    assertThat(refused.exit).isEqualTo(1);
    assertThat(refused.out).contains("rollback stopped: image " + image + ":0.9.0 is no longer on this host: rebuild "
        + "it from commit cccc");
    assertThat(runningImage()).isEqualTo(image + ":1.0.0");
  }

  private String runningImage() {
    String id = Dockerd.run(env, List.of("docker-compose", "-p", project, "-f", dir.resolve("docker-compose.yml")
        .toString(), "ps", "-q", "web")).strip();
    return Dockerd.docker(env, "inspect", "--format", "{{.Config.Image}}", id).strip();
  }

  private record Result(int exit, String out) {}

  private Result bash(String script) throws Exception {
    Path f = dir.resolve("rollback.sh");
    Files.writeString(f, script);
    ProcessBuilder pb = new ProcessBuilder("bash", f.toString()).redirectErrorStream(true);
    pb.environment().putAll(env);
    // The client that matches the daemon first: a newer one may shadow it on PATH.
    pb.environment().put("PATH", "/usr/bin:" + System.getenv("PATH"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }
}
