package dev.deploypipeline.notify;

import dev.deploypipeline.secrets.Redactor;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TextTest {
  @ParameterizedTest
  @ValueSource(ints = {10, 11, 12, 50, 100})
  void cutsNeverSplitASurrogatePairAndStayWithinTheLimit(int max) {
    String s = "😀".repeat(200);
    String head = Text.head(s, max);
    String tail = Text.tail(s, max);
    assertThat(head.length()).isLessThanOrEqualTo(max);
    assertThat(tail.length()).isLessThanOrEqualTo(max);
    for (String t : List.of(head, tail)) {
      assertThat(t.codePoints().noneMatch(c -> Character.isSurrogate((char) c))).as(t).isTrue();
    }
  }

  @Test
  void escapedTailFitsEvenWhenEscapingGrowsTheText() {
    String s = "<&>".repeat(2000);
    String out = Text.tailEscaped(s, 3000, SlackMessage::escape);
    assertThat(out.length()).isLessThanOrEqualTo(3000);
    assertThat(out).endsWith("&lt;&amp;&gt;").doesNotContain("<", ">");
  }

  @Test
  void oneLineRemovesHeaderBreakingCharacters() {
    assertThat(Text.oneLine("a\r\nBcc: x@example.com")).isEqualTo("a Bcc: x@example.com");
  }

  @Test
  void redactorMasksUrlsTheirPartsAndEncodedForms() {
    var r = Redactor.of(List.of("https://hooks.slack.com/services/T1/B1/abcdef123", "pw"));
    assertThat(r.redact("post https://hooks.slack.com/services/T1/B1/abcdef123 failed")).isEqualTo("post [redacted] failed");
    assertThat(r.redact("path /services/T1/B1/abcdef123")).isEqualTo("path [redacted]");
    assertThat(r.redact("{\"u\":\"https:\\/\\/hooks.slack.com\\/services\\/T1\\/B1\\/abcdef123\"}")).doesNotContain("abcdef123");
    assertThat(r.redact("pw stays: too short to be a secret")).startsWith("pw stays");
  }
}
