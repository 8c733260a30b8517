package dev.deploypipeline.rollbackplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The rollback-patterns skill's table of what cannot be rolled back is the code's. */
class IrreversibleSkillTest {
  static final Path SKILL = Path.of("..", "plugin", "skills", "rollback-patterns", "SKILL.md");

  @Test
  void theSkillShowsTheTableTheCodeMakes() throws Exception {
    String doc = Files.readString(SKILL);
    String begin = "<!-- rollback-irreversible:begin -->\n";
    String between = doc.substring(doc.indexOf(begin) + begin.length(), doc.indexOf("<!-- rollback-irreversible:end -->"));
    assertThat(between).as("regenerate the table in %s from Irreversible.markdownTable()", SKILL)
        .isEqualTo(Irreversible.markdownTable());
  }
}
