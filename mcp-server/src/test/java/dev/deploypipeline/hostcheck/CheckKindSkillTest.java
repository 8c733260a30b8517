package dev.deploypipeline.hostcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The health-checks skill's table is CheckKind's, and every check the checker emits belongs to a kind, in order. */
class CheckKindSkillTest {
  static final Path SKILL = Path.of("..", "plugin", "skills", "health-checks", "SKILL.md");

  @Test
  void theSkillShowsTheTableTheCodeMakes() throws Exception {
    String doc = Files.readString(SKILL);
    String between = doc.substring(doc.indexOf("<!-- host-checks:begin -->\n") + 27, doc.indexOf("<!-- host-checks:end -->"));
    assertThat(between).as("regenerate the table in %s from CheckKind.markdownTable()", SKILL)
        .isEqualTo(CheckKind.markdownTable());
  }

  @Test
  void everyCheckBelongsToAKindInTheKindsOrder(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve(".claude"));
    Files.writeString(dir.resolve(".claude/deployment-config.json"), "{\"hosting\":{\"project\":\"p\",\"caddy\":{},"
        + "\"services\":{\"web\":{\"port\":1},\"api\":{\"native\":{}}}}}");
    Files.writeString(dir.resolve("docker-compose.yml"), "services:\n  web:\n    image: w:1\n    ports: [\"127.0.0.1:2:2\"]\n");
    HostProbes all = FakeProbes.quiet().withSystemd(FakeProbes.systemd("systemd", Map.of("p-api.service", "active")))
        .withDocker(env -> new HostProbes.DockerStatus("unix:///d.sock", true, "20.10", "/var/lib/docker", null));
    HostReport r = new HostChecker(dir, Map.of(), all).check(Thresholds.DEFAULTS, false);
    List<CheckKind> kinds = r.checks().stream().map(c -> CheckKind.of(c.name())).distinct().toList();
    assertThat(kinds).containsExactly(CheckKind.values());
  }
}
