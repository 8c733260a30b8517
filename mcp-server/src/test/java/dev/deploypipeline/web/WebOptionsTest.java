package dev.deploypipeline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A public address needs --public plus TLS or a declared reverse proxy; tokens from files are checked. */
class WebOptionsTest {
  @TempDir Path dir;

  static WebOptions o(String bind, boolean pub, Path keystore, String password, boolean proxy, String origin) {
    return new WebOptions(bind, 0, pub, keystore, password, proxy, origin, Duration.ofSeconds(1));
  }

  static Stream<Arguments> refused() {
    Path ks = Path.of("server.p12");
    return Stream.of(
        Arguments.of(o("0.0.0.0", false, null, null, false, null), "--bind 0.0.0.0 is not a loopback address"),
        Arguments.of(o("0.0.0.0", true, null, null, false, null), "--public needs TLS"),
        Arguments.of(o("0.0.0.0", true, null, null, true, null), "--behind-proxy: pass --origin https://"),
        Arguments.of(o("0.0.0.0", true, null, null, true, "http://deploy.example"), "--origin https://"),
        Arguments.of(o("0.0.0.0", true, ks, null, false, null), "DEPLOY_PIPELINE_KEYSTORE_PASSWORD"),
        Arguments.of(new WebOptions("127.0.0.1", 70000, false, null, null, false, null, Duration.ZERO),
            "--port: 70000 is not a port"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("refused")
  void anUnprotectedOrBadBindingIsRefusedWithWhatToDo(WebOptions options, String message) {
    assertThatThrownBy(options::check).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
  }

  @Test
  void loopbackNeedsNothingAndAPublicBindingWithTlsOrAProxyIsAccepted() {
    assertThatCode(() -> o("127.0.0.1", false, null, null, false, null).check()).doesNotThrowAnyException();
    assertThatCode(() -> o("localhost", false, null, null, false, null).check()).doesNotThrowAnyException();
    assertThatCode(() -> o("::1", false, null, null, false, null).check()).doesNotThrowAnyException();
    assertThatCode(() -> o("0.0.0.0", true, Path.of("k.p12"), "pw", false, null).check()).doesNotThrowAnyException();
    assertThatCode(() -> o("0.0.0.0", true, null, null, true, "https://deploy.example").check())
        .doesNotThrowAnyException();
  }

  @Test
  void aTokenFileIsReadTrimmedAndComparedByValue() throws Exception {
    Path f = Files.writeString(dir.resolve("token"), "  s3cret-token-0123456789\n\n");
    AccessToken t = AccessToken.fromFile(f);
    assertThat(t.fromFile()).isTrue();
    assertThat(t.matches("s3cret-token-0123456789")).isTrue();
    assertThat(t.matches("s3cret-token-012345678")).isFalse();
    assertThat(t.matches(null)).isFalse();
    assertThat(t.toString()).doesNotContain("s3cret");
  }

  @Test
  void aShortMissingOrSpacedTokenFileIsRefusedWithoutShowingIt() throws Exception {
    Path shortOne = Files.writeString(dir.resolve("short"), "abc\n");
    assertThatThrownBy(() -> AccessToken.fromFile(shortOne)).hasMessageContaining("at least 16 printable")
        .hasMessageNotContaining("abc\n");
    Path spaced = Files.writeString(dir.resolve("spaced"), "this has spaces in it\n");
    assertThatThrownBy(() -> AccessToken.fromFile(spaced)).hasMessageContaining("without spaces")
        .hasMessageNotContaining("this has");
    assertThatThrownBy(() -> AccessToken.fromFile(dir.resolve("absent"))).hasMessageContaining("cannot read it");
  }

  @Test
  void randomTokensAreLongAndDifferent() {
    AccessToken a = AccessToken.random();
    AccessToken b = AccessToken.random();
    assertThat(a.value()).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(b.value());
    assertThat(a.matches(a.value())).isTrue();
    assertThat(a.matches(b.value())).isFalse();
  }
}
