package dev.deploypipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.deploypipeline.deploy.Preflight.Check;
import dev.deploypipeline.testutil.TestProjects;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** doctor's checks of this machine: stage commands read as bash would start them, loopback ports, tools. */
class ReadinessTest {
  @TempDir static Path project;
  static final List<String> PATH = List.of(System.getenv("PATH").split(":"));

  static Stream<Arguments> commands() throws Exception {
    Path scripts = Files.createDirectories(project.resolve("scripts"));
    Files.writeString(scripts.resolve("run.sh"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(scripts.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(scripts.resolve("plain.sh"), "#!/bin/sh\n");
    return Stream.of(
        Arguments.of("project script, executable", "scripts/run.sh --fast", true, true,
            "stages.build: scripts/run.sh (executable)"),
        Arguments.of("project script, not executable", "scripts/plain.sh", false, true,
            "stages.build: scripts/plain.sh is not an executable file; chmod +x scripts/plain.sh"),
        Arguments.of("project script missing", "./scripts/gone.sh", false, true,
            "stages.build: ./scripts/gone.sh does not exist in " + project),
        Arguments.of("program on PATH", "sh -c 'exit 0'", true, true, "stages.build: sh ("),
        Arguments.of("program not on PATH", "kubectl-nope apply -f x", false, true,
            "stages.build: kubectl-nope is not on PATH; install it or fix the command"),
        Arguments.of("bash builtin", "echo built", true, true, "stages.build: echo (bash builtin)"),
        Arguments.of("assignments first", "FOO=1 BAR=two scripts/run.sh", true, true,
            "stages.build: scripts/run.sh (executable)"),
        Arguments.of("quoted program", "'scripts/run.sh' x", true, true, "stages.build: scripts/run.sh (executable)"),
        Arguments.of("followed by a separator", "true; scripts/run.sh", true, true, "stages.build: true (bash builtin)"),
        Arguments.of("a variable first", "${DEPLOY_TOOL} up", true, false,
            "stages.build: starts with ${DEPLOY_TOOL}, known only when it runs"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void stageCommands(String name, String command, boolean ok, boolean blocking, String detail) {
    Check c = StageCommands.check("stages.build", command, project, PATH);
    assertThat(c.ok()).as("ok").isEqualTo(ok);
    assertThat(c.blocking()).as("blocking").isEqualTo(blocking);
    assertThat(c.detail()).startsWith(detail);
  }

  @Test
  void aFreeLoopbackPortIsFine() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Check c = Readiness.port("dev", "http://127.0.0.1:" + port + "/health");
    assertThat(c.ok()).isTrue();
    assertThat(c.detail()).isEqualTo("dev 127.0.0.1:" + port + " is free (nothing is deployed there yet)");
  }

  /** A loopback server whose /health answers 200; the caller stops it. */
  private static HttpServer healthServer() throws java.io.IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/health", x -> {
      x.sendResponseHeaders(200, -1);
      x.close();
    });
    http.start();
    return http;
  }

  @Test
  void aTakenPortIsFineWhenItsHealthUrlAnswersAndWorthALookOtherwise() throws Exception {
    HttpServer http = healthServer();
    try {
      int port = http.getAddress().getPort();
      Check up = Readiness.port("staging", "http://127.0.0.1:" + port + "/health");
      assertThat(up.ok()).isTrue();
      assertThat(up.detail()).endsWith("answers HTTP 200 (the service is up)");
      Check other = Readiness.port("staging", "http://localhost:" + port + "/elsewhere");
      assertThat(other.ok()).isFalse();
      assertThat(other.blocking()).isFalse();
      assertThat(other.detail()).contains("is in use and http://localhost:" + port + "/elsewhere answers HTTP 404; "
          + "is another program holding the port?");
    } finally {
      http.stop(0);
    }
  }

  @Test
  void aUrlWrittenWithVariablesIsCheckedAtItsExpandedPortAndReportedAsWritten() throws Exception {
    HttpServer http = healthServer();
    try {
      String port = String.valueOf(http.getAddress().getPort());
      String raw = "http://127.0.0.1:${HELLO_DEV_PORT:-1}/health";
      Check set = Readiness.port("dev", raw, Map.of("HELLO_DEV_PORT", port)::get);
      assertThat(set.ok()).as(set.detail()).isTrue();
      assertThat(set.detail()).isEqualTo("dev 127.0.0.1:" + port + " is in use and " + raw
          + " answers HTTP 200 (the service is up)");
      Check byDefault = Readiness.port("dev", "http://127.0.0.1:${UNSET_PORT:-" + port + "}/health", n -> null);
      assertThat(byDefault.detail()).startsWith("dev 127.0.0.1:" + port + " is in use and");
    } finally {
      http.stop(0);
    }
  }

  @Test
  void aHostThatIsNotThisMachineIsNotContacted() {
    Check c = Readiness.port("prod", "https://prod.example.com/health");
    assertThat(c.ok()).isTrue();
    assertThat(c.detail()).isEqualTo("prod: prod.example.com is not this machine; not checked");
  }

  @Test
  void aProjectWithAMissingProgramAndAnInvalidConfigIsNotReady(@TempDir Path dir) throws Exception {
    TestProjects.gitProject(dir, TestProjects.config("true", "no-such-tool build", "true", "true", "true", null));
    List<Check> checks = new Readiness(dir, Map.of("PATH", System.getenv("PATH"))).checks();
    assertThat(checks).as(checks.toString()).extracting(Check::check).startsWith("java", "config", "tool", "tool")
        .contains("command");
    assertThat(checks).filteredOn(c -> !c.ok()).singleElement()
        .satisfies(c -> assertThat(c.detail()).isEqualTo("stages.build: no-such-tool is not on PATH; install it or "
            + "fix the command"));

    Files.writeString(dir.resolve(".claude/deployment-config.json"), "{\"service\": ");
    List<Check> broken = new Readiness(dir, Map.of("PATH", System.getenv("PATH"))).checks();
    assertThat(broken).extracting(Check::check).containsExactly("java", "config", "tool");
    assertThat(broken.get(1).ok()).isFalse();
    assertThat(broken.get(1).detail()).contains("is not valid JSON");
  }

  @Test
  void toolsMissingFromPathAreNamed(@TempDir Path dir) throws Exception {
    TestProjects.gitProject(dir, TestProjects.config("true", "true", "true", "true", "true", null));
    List<Check> checks = new Readiness(dir, Map.of("PATH", dir.toString())).checks();
    assertThat(checks).filteredOn(c -> c.check().equals("tool")).extracting(Check::detail).containsExactly(
        "git is not on PATH; install it (it resolves the branch to deploy)",
        "bash is not on PATH; install it (it runs the stage commands)");
  }
}
