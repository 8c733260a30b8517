package dev.deploypipeline.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedactorTest {
  @AfterEach
  void forget() {
    Redaction.reset();
  }

  @Test
  void theLongestValueIsMaskedFirstSoASecretContainingAnotherIsMaskedWhole() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("abcd", "SHORT_TOKEN");
    m.put("xxabcdyy-long", "LONG_TOKEN");
    Redactor r = Redactor.named(m);
    assertThat(r.redact("k=xxabcdyy-long and abcd")).isEqualTo("k=[redacted:LONG_TOKEN] and [redacted:SHORT_TOKEN]");
  }

  @Test
  void urlEncodedJsonEscapedAndUrlPartFormsAreMasked() {
    String hook = "https://hooks.example.com/services/T1/B2/s3cr3t?sig=a+b/c";
    Redactor r = Redactor.named(Map.of(hook, "SLACK_WEBHOOK_URL"));
    String encoded = URLEncoder.encode(hook, StandardCharsets.UTF_8);
    assertThat(r.redact("posted to " + encoded)).isEqualTo("posted to [redacted:SLACK_WEBHOOK_URL]");
    assertThat(r.redact("{\"u\":\"" + hook.replace("/", "\\/") + "\"}")).doesNotContain("s3cr3t");
    assertThat(r.redact("GET /services/T1/B2/s3cr3t?sig=a+b/c failed")).doesNotContain("s3cr3t");
    assertThat(r.redact("query sig=a+b/c")).doesNotContain("sig=a+b/c");
    String pw = "p\"w d/€";
    Redactor p = Redactor.named(Map.of(pw, "SMTP_PASSWORD"));
    assertThat(p.redact("{\"password\":\"p\\\"w d/€\"}")).doesNotContain("w d/");
    assertThat(p.redact("form=" + URLEncoder.encode(pw, StandardCharsets.UTF_8))).isEqualTo("form=[redacted:SMTP_PASSWORD]");
    assertThat(p.redact("path=" + URLEncoder.encode(pw, StandardCharsets.UTF_8).replace("+", "%20")))
        .isEqualTo("path=[redacted:SMTP_PASSWORD]");
  }

  @Test
  void secretLookingNamesAreMaskedByDefaultOthersAndSwitchesAreNot() {
    Map<String, String> env = Map.of("HARNESS_API_KEY", "pat.acc.tok.XYZsecret", "MY_TOKEN", "tok-9876",
        "DB_PASSWORD", "hunter22", "SLACK_WEBHOOK_URL", "https://hooks.example/x/y/zzzz", "CLIENT_SECRET", "cs-1111",
        "HOME", "/home/alice", "TOKEN_CACHE_ENABLED", "true", "DB_USER", "alice-admin");
    Redactor r = SecretNames.redactor(env, List.of("DB_USER"));
    String text = String.join(" ", env.values());
    String out = r.redact(text);
    for (String secret : List.of("XYZsecret", "tok-9876", "hunter22", "zzzz", "cs-1111", "alice-admin")) {
      assertThat(out).doesNotContain(secret);
    }
    assertThat(out).contains("/home/alice").contains("true").contains("[redacted:DB_USER]")
        .contains("[redacted:MY_TOKEN]");
  }

  @Test
  void trivallyShortValuesAreNotMaskedTheyWouldMaskOrdinaryText() {
    Redactor r = Redactor.named(Map.of("abc", "API_KEY", "   ", "X_TOKEN"));
    assertThat(r.isEmpty()).isTrue();
    assertThat(r.redact("abc def")).isEqualTo("abc def");
    assertThat(Redactor.named(Map.of("abcd", "API_KEY")).redact("abcd")).isEqualTo("[redacted:API_KEY]");
  }

  @Test
  void theProcessRedactorOnlyGrowsAndMasksStructuresButNotTheirKeys() {
    Redaction.learn(Redactor.named(Map.of("value-one", "A_KEY")));
    Redaction.learn(Redactor.named(Map.of("value-two", "B_KEY")));
    assertThat(Redaction.redact("value-one value-two")).isEqualTo("[redacted:A_KEY] [redacted:B_KEY]");
    Object out = Redaction.redactStructure(Map.of("value-one", List.of("x value-two", 3, true)));
    assertThat(out).isEqualTo(Map.of("value-one", List.of("x [redacted:B_KEY]", 3, true)));
  }

  @Test
  void theProcessEnvironmentIsLearntLazily() {
    Redaction.learnLater(Map.of("GITHUB_TOKEN", "ghp_abcdefgh"));
    assertThat(Redaction.redact("token ghp_abcdefgh")).isEqualTo("token [redacted:GITHUB_TOKEN]");
  }

  @Test
  void printedLinesPassTheRedactorEvenWhenASecretIsWrittenInPieces() {
    Redaction.learn(Redactor.named(Map.of("split-secret-value", "S_TOKEN")));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = RedactingStream.wrap(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    out.print("a split-");
    out.print("secret-");
    out.println("value b");
    out.print("tail split-secret-value");
    out.flush();
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("a [redacted:S_TOKEN] b\ntail [redacted:S_TOKEN]");
  }

  @Test
  void envReferencesAreFoundInEveryFormAndExpandedWithDefaults() {
    assertThat(EnvRefs.names("a ${A} $B ${C:-d} ${D-x} $$ $1 \"$E_1\"")).containsExactly("A", "B", "C", "D", "E_1");
    assertThat(EnvRefs.expand("http://h:${P:-80}/${Q}$$", Map.of("Q", "x")::get)).isEqualTo("http://h:80/x$");
  }
}
