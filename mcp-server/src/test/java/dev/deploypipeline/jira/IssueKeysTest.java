package dev.deploypipeline.jira;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IssueKeysTest {
  final IssueKeys all = new IssueKeys(JiraConfig.DEFAULT_PATTERN, List.of());

  @Test
  void keysComeInOrderOfFirstAppearanceEachOnce() {
    assertThat(all.find(List.of("feature/ABC-3-checkout", "ABC-1: retry (see ABC-3, OPS2-17)\n\nFixes ABC-1")))
        .containsExactly("ABC-3", "ABC-1", "OPS2-17");
  }

  @Test
  void aKeyMustStandOnItsOwn() {
    assertThat(all.find(List.of("xABC-12 ABC-123x abc-5 A-1 utf-8 ABC-7."))).containsExactly("ABC-7");
  }

  @Test
  void theProjectFilterKeepsOnlyItsProjects() {
    assertThat(new IssueKeys(JiraConfig.DEFAULT_PATTERN, List.of("ABC", "OPS"))
        .find(List.of("ABC-1 XYZ-9 OPS-2 ABCD-3"))).containsExactly("ABC-1", "OPS-2");
  }

  @Test
  void aConfiguredPatternReplacesTheDefault() {
    assertThat(new IssueKeys("PAY-\\d{3,}", List.of()).find(List.of("PAY-12 PAY-1234 ABC-1")))
        .containsExactly("PAY-1234");
  }

  @Test
  void nullAndEmptyTextsHaveNoKeys() {
    java.util.ArrayList<String> texts = new java.util.ArrayList<>();
    texts.add(null);
    texts.add("");
    assertThat(all.find(texts)).isEmpty();
  }
}
