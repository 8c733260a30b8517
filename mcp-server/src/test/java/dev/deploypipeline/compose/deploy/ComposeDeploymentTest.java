package dev.deploypipeline.compose.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.app.App;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.targets.Ports;
import dev.deploypipeline.testutil.DockerDaemon;
import dev.deploypipeline.testutil.TestProjects;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Sleeper;
import dev.deploypipeline.workflow.State;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole deployments through {@link App#service} onto a real Docker daemon with the real docker-compose: each
 * release is an image tagged with the deployment's version; web is busybox httpd on a loopback port picked at run
 * time (network_mode: host) with a Docker healthcheck, worker a loop. Bad input must be refused with a clear error
 * while the running release keeps serving.
 */
class ComposeDeploymentTest {
  static final String COMPOSE = """
      services:
        web:
          image: ct-web:${TAG}
          network_mode: host
          init: true
          restart: on-failure
          environment:
            RELEASE: ${TAG}
            WEB_PORT: ${WEB_PORT}
          command: ["sh", "-c", "echo $$RELEASE > /www/version && exec httpd -f -p 127.0.0.1:$$WEB_PORT -h /www"]
          healthcheck:
            test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:${WEB_PORT}/health"]
            interval: 1s
            timeout: 2s
            retries: 2
        worker:
          image: ct-web:${TAG}
          network_mode: host
          init: true
          command: ["sh", "-c", "while true; do sleep 1; done"]
      """;

  static DockerDaemon.Env docker;
  @TempDir Path dir;
  @TempDir Path home;
  String project;
  int port;
  DeploymentService service;
  final HttpClient http = HttpClient.newHttpClient();

  /**
   * Four images: good (/health, /ready), unhealthy (no /health: Docker's check fails), unready (no /ready: the
   * pipeline's check fails), crashing (no /www: web exits at once, and restart: on-failure brings it back).
   */
  @BeforeAll
  static void images(@TempDir Path ctx) throws Exception {
    docker = DockerDaemon.require();
    for (String kind : List.of("good", "unhealthy", "unready", "crashing")) {
      Path d = ctx.resolve(kind);
      Files.createDirectories(d);
      Files.writeString(d.resolve("Dockerfile"), "FROM " + docker.image() + "\n" + (kind.equals("crashing") ? ""
          : "RUN mkdir -p /www && echo ok > /www/index.html" + (kind.equals("unhealthy") ? "" : " && echo ok > "
          + "/www/health") + (kind.equals("unready") ? "" : " && echo ok > /www/ready") + "\n"));
      docker.docker(d, "build", "-q", "-t", "ct-" + kind + ":1", ".");
    }
  }

  @BeforeEach
  void project() throws Exception {
    project = "ct-" + UUID.randomUUID().toString().substring(0, 8);
    port = Ports.free();
    Files.writeString(dir.resolve("docker-compose.yml"), COMPOSE);
    TestProjects.gitProject(dir, config(List.of("web", "worker"), List.of(port)));
    service = App.service(dir, Map.of("PATH", System.getenv("PATH"), "HOME", home.toString(),
        "DOCKER_HOST", docker.dockerHost(), "WEB_PORT", Integer.toString(port),
        "DEPLOY_PIPELINE_USER", "alice@example.com"), Clock.systemUTC(), Sleeper.REAL, List.of());
  }

  @AfterEach
  void down() throws Exception {
    String ids = docker.docker(dir, "ps", "-aq", "--filter", "label=com.docker.compose.project=" + project);
    if (!ids.isBlank()) {
      List<String> args = new java.util.ArrayList<>(List.of("rm", "-f"));
      args.addAll(List.of(ids.split("\\s+")));
      docker.docker(dir, args.toArray(String[]::new));
    }
  }

  String config(List<String> services, List<Integer> ports) {
    return """
        {"service":"shop","executor":"local",
         "stages":{"validate":{"command":"true"},"build":{"command":"true"},"test":{"command":"true"}},
         "passEnv":["WEB_PORT"],
         "environments":{
           "dev":{"target":{"type":"compose","project":"%s","services":%s,"ports":%s,"healthTimeoutSeconds":20},
                  "healthCheck":{"url":"http://127.0.0.1:${WEB_PORT}/ready","timeoutSeconds":3,"intervalMs":200}},
           "staging":{"deploy":{"command":"true"},"rollback":{"command":"true"}},
           "prod":{"deploy":{"command":"true"},"rollback":{"command":"true"},"requiresApproval":false}}}
        """.formatted(project, json(services), ports);
  }

  static String json(List<String> names) {
    return names.stream().map(n -> "\"" + n + "\"").toList().toString();
  }

  /** A new commit whose version (the tag) is an image of {@code kind}. */
  String release(String kind) throws Exception {
    String version = TestProjects.commit(dir, "release " + kind).substring(0, 12);
    docker.docker(dir, "tag", "ct-" + kind + ":1", "ct-web:" + version);
    return version;
  }

  /** A good release deployed and serving: what every refusal must leave running. */
  String goodReleaseRunning() throws Exception {
    String v = release("good");
    Deployment d = deploy();
    assertThat(d.state()).as(String.valueOf(d.error())).isEqualTo(State.COMPLETED);
    return v;
  }

  Deployment deploy() throws InterruptedException {
    return service.drive(service.start("shop", "main", null, "alice@example.com").id());
  }

  String served() throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/version")).build(),
        HttpResponse.BodyHandlers.ofString()).body().strip();
  }

  String webContainer() throws Exception {
    return docker.docker(dir, "ps", "-q", "--filter", "label=com.docker.compose.project=" + project,
        "--filter", "label=com.docker.compose.service=web");
  }

  @Test
  void deploysEachTagThenRollsBackToThePreviousAndToANamedOne() throws Exception {
    String v1 = release("good");
    Deployment d1 = deploy();
    assertThat(d1.state()).as(String.valueOf(d1.error())).isEqualTo(State.COMPLETED);
    assertThat(served()).isEqualTo(v1);
    assertThat(d1.stage("deploying-dev").orElseThrow().external()).containsEntry("composeProject", project)
        .containsEntry("composeTag", v1).doesNotContainKey("composePreviousTag");

    String v2 = release("good");
    Deployment d2 = deploy();
    assertThat(d2.state()).isEqualTo(State.COMPLETED);
    assertThat(served()).isEqualTo(v2);
    assertThat(d2.stage("deploying-dev").orElseThrow().external()).containsEntry("composePreviousTag", v1);
    assertThat(service.store().logFile(d2.id(), "deploying-dev")).content()
        .contains("$ TAG=" + v2 + " docker-compose -f docker-compose.yml -p " + project + " up -d --no-build web "
            + "worker");

    Deployment back = service.rollback(d2.id(), "bad release", "alice@example.com");
    assertThat(back.state()).isEqualTo(State.ROLLED_BACK);
    assertThat(served()).isEqualTo(v1);
    assertThat(back.stage("rollback-dev").orElseThrow().external()).containsEntry("composeTag", v1)
        .containsEntry("composePreviousTag", v2);

    String v3 = release("good");
    assertThat(deploy().state()).isEqualTo(State.COMPLETED);
    assertThat(served()).isEqualTo(v3);
    Deployment named = service.rollbackEnvironment("dev", v2, "back to v2", "alice@example.com");
    assertThat(named.state()).isEqualTo(State.ROLLED_BACK);
    assertThat(served()).isEqualTo(v2);
  }

  @Test
  void aFailingDockerHealthcheckRunsThePreviousTagAgainAndTheDeploymentEndsRolledBack() throws Exception {
    String v1 = goodReleaseRunning();
    release("unhealthy");

    Deployment d = deploy();

    assertThat(d.state()).isEqualTo(State.ROLLED_BACK);
    assertThat(d.rollbackReason()).contains("service web", "is unhealthy", "rolled back to " + v1,
        "dev runs " + v1 + " again");
    assertThat(d.stage("deploying-dev").orElseThrow().external()).containsEntry("restoredVersion", v1);
    assertThat(served()).isEqualTo(v1);
    // the next deployment replaces v1, not the release that never kept dev
    String v3 = release("good");
    Deployment next = deploy();
    assertThat(next.state()).isEqualTo(State.COMPLETED);
    assertThat(next.stage("deploying-dev").orElseThrow().external()).containsEntry("composePreviousTag", v1);
    assertThat(service.rollback(next.id(), "check", "alice@example.com").state()).isEqualTo(State.ROLLED_BACK);
    assertThat(served()).isEqualTo(v1);
    assertThat(v3).isNotEqualTo(v1);
  }

  @Test
  void aFailingPipelineHealthCheckAlsoRollsBack() throws Exception {
    String v1 = goodReleaseRunning();
    release("unready");

    Deployment d = deploy();

    assertThat(d.state()).isEqualTo(State.ROLLED_BACK);
    assertThat(d.rollbackReason()).contains("health check http://127.0.0.1:${WEB_PORT}/ready failed",
        "rolled back to " + v1);
    assertThat(served()).isEqualTo(v1);
  }

  @Test
  void aReleaseThatKeepsCrashingUnderARestartPolicyIsRolledBack() throws Exception {
    String v1 = goodReleaseRunning();
    release("crashing");

    Deployment d = deploy();

    assertThat(d.state()).isEqualTo(State.ROLLED_BACK);
    // the exit code shows only when Docker still reports it (a container running again reports 0)
    assertThat(d.rollbackReason()).contains("service web", "keeps crashing: restarted", "can't create /www/version",
        "rolled back to " + v1);
    assertThat(served()).isEqualTo(v1);
  }

  @Test
  void aFirstDeployThatFailsStopsItsServicesAndFails() throws Exception {
    release("unhealthy");

    Deployment d = deploy();

    assertThat(d.state()).isEqualTo(State.FAILED);
    assertThat(d.error()).contains("is unhealthy", "there was no earlier tag to return to, so web, worker were "
        + "stopped");
    assertThat(webContainer()).isEmpty();
  }

  @Test
  void anUnknownServiceIsRefusedBeforeAnythingChanges() throws Exception {
    String v1 = goodReleaseRunning();
    String running = webContainer();
    Files.writeString(dir.resolve(".claude/deployment-config.json"), config(List.of("web", "wrker"), List.of(port)));
    release("good");

    Deployment d = deploy();

    assertThat(d.state()).isEqualTo(State.FAILED);
    assertThat(d.error()).contains("target.services: 'wrker' is not a service of docker-compose.yml; did you mean "
        + "'worker'? (its services: web, worker)");
    assertThat(served()).isEqualTo(v1);
    assertThat(webContainer()).isEqualTo(running);
  }

  @Test
  void aBrokenComposeFileIsRefusedWithComposesOwnWords() throws Exception {
    String v1 = goodReleaseRunning();
    Files.writeString(dir.resolve("docker-compose.yml"), COMPOSE.replace("    network_mode: host\n",
        "    network_mode: host\n    imagee: x\n"));
    release("good");

    Deployment d = deploy();

    assertThat(d.state()).isEqualTo(State.FAILED);
    assertThat(d.error()).contains("docker-compose.yml is not a valid Compose file (docker-compose config: ",
        "Unsupported config option for services.web: 'imagee'");
    assertThat(served()).isEqualTo(v1);
  }

  @Test
  void aMissingImageIsRefusedBeforeAnythingChanges() throws Exception {
    String v1 = goodReleaseRunning();
    String v2 = TestProjects.commit(dir, "never built").substring(0, 12);

    Deployment d = deploy();

    assertThat(d.state()).isEqualTo(State.FAILED);
    assertThat(d.error()).contains("image ct-web:" + v2 + " (service web), ct-web:" + v2 + " (service worker) is "
        + "not on the Docker daemon and could not be pulled", "Nothing was changed");
    assertThat(served()).isEqualTo(v1);
  }

  @Test
  void aPortTakenByAnotherProcessIsRefusedButItsOwnPortIsNot() throws Exception {
    String v1 = goodReleaseRunning();
    try (ServerSocket stranger = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Files.writeString(dir.resolve(".claude/deployment-config.json"),
          config(List.of("web", "worker"), List.of(port, stranger.getLocalPort())));
      release("good");

      Deployment d = deploy();

      assertThat(d.state()).isEqualTo(State.FAILED);
      assertThat(d.error()).contains("port " + stranger.getLocalPort() + " (target.ports) is taken by pid "
          + ProcessHandle.current().pid() + " (java), not by a container of project " + project)
          .doesNotContain("port " + port + " ");
      assertThat(served()).isEqualTo(v1);
    }
  }
}
