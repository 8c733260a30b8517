package dev.deploypipeline.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The caddy-conventions skill carries CaddyRules' table verbatim (rewrite it with -DupdateSkills=true after a
 * reviewed change), and its example is what the renderer prints for the example's hosting section.
 */
class CaddyConventionsSkillTest {
  private static final Path SKILL = Path.of("..", "plugin", "skills", "caddy-conventions", "SKILL.md");
  private static final String START = "<!-- generated from CaddyRules: do not edit by hand -->\n";
  private static final String END = "<!-- end of generated table -->\n";

  @Test
  void theSkillsTableIsTheCodesRules() throws Exception {
    String doc = Files.readString(SKILL);
    assertThat(doc).startsWith("---\nname: caddy-conventions\ndescription: ");
    int start = doc.indexOf(START) + START.length();
    int end = doc.indexOf(END);
    assertThat(start).isGreaterThan(START.length());
    String expected = CaddyRules.markdownTable();
    if (Boolean.getBoolean("updateSkills")) {
      Files.writeString(SKILL, doc.substring(0, start) + expected + doc.substring(end));
      return;
    }
    assertThat(doc.substring(start, end)).as("the table in %s (rerun with -DupdateSkills=true after a reviewed change)",
        SKILL).isEqualTo(expected);
  }

  @Test
  void theSkillsExampleIsWhatGenerateWrites() throws Exception {
    String doc = Files.readString(SKILL);
    String hosting = doc.substring(doc.indexOf("```json\n") + 8, doc.indexOf("```\n", doc.indexOf("```json\n")));
    String example = doc.substring(doc.indexOf("gives\n\n```\n") + 11);
    example = example.substring(0, example.indexOf("```\n"));
    String config = "{\"service\": \"myapp\", \"stages\": {\"validate\": {\"command\": \"true\"}, \"build\": {\"command\": "
        + "\"true\"}, \"test\": {\"command\": \"true\"}}, \"environments\": {\"dev\": {\"deploy\": {\"command\": \"true\"}}, "
        + "\"staging\": {\"deploy\": {\"command\": \"true\"}}, \"prod\": {\"deploy\": {\"command\": \"true\"}, "
        + "\"requiresApproval\": true}}, " + hosting.strip() + "}";
    var h = new ConfigLoader(Map.<String, String>of()).parse(config, "c.json").hosting();
    assertThat(CaddyfileRenderer.render(h)).startsWith(example);
  }
}
