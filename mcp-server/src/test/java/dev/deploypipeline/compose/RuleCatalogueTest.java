package dev.deploypipeline.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Every rule is documented in the compose-patterns skill with its id and severity, and ids are unique. */
class RuleCatalogueTest {
  private static final Path SKILL = Path.of("..", "plugin", "skills", "compose-patterns", "SKILL.md");

  @Test
  void everyRuleIsDocumentedWithItsSeverity() throws Exception {
    String doc = Files.readString(SKILL);
    assertThat(doc).startsWith("---\nname: compose-patterns\ndescription: ");
    for (Rule rule : Rule.values()) {
      assertThat(doc).as(rule.id()).contains("### " + rule.id() + " (" + rule.severity().label() + ")");
      assertThat(rule.rationale()).as(rule.id()).isNotBlank();
    }
    assertThat(Arrays.stream(Rule.values()).map(Rule::id).distinct().count()).isEqualTo(Rule.values().length);
  }
}
