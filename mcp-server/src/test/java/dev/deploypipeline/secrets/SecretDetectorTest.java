package dev.deploypipeline.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SecretDetectorTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("AWS_ID", "AKIA" + "IOSFODNN7EXAMPLE", "TOKEN_FORMAT"),
        Arguments.of("X", "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8", "TOKEN_FORMAT"),
        Arguments.of("X", "glpat-" + "abcdefghij0123456789", "TOKEN_FORMAT"),
        Arguments.of("X", "xoxb-" + "1234567890-abcdefghij", "TOKEN_FORMAT"),
        Arguments.of("HOOK", "https://hooks.slack.com/services/" + "T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX", "TOKEN_FORMAT"),
        Arguments.of("X", "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc", "TOKEN_FORMAT"),
        Arguments.of("X", "AIza" + "SyA1234567890abcdefghijklmnopqrstuv", "TOKEN_FORMAT"),
        Arguments.of("X", "sk-ant-" + "api03-abcdefghijklmnopqrstuvwxyz", "TOKEN_FORMAT"),
        Arguments.of("X", "AGE-SECRET-KEY-1" + "QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ", "TOKEN_FORMAT"),
        Arguments.of("X", "-----BEGIN OPENSSH PRIVATE KEY-----", "TOKEN_FORMAT"),
        Arguments.of("X", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "TOKEN_FORMAT"),
        Arguments.of("DATABASE_URL", "postgres://app:s3cret@db:5432/app", "TOKEN_FORMAT"),
        Arguments.of("DB_PASSWORD", "hunter2", "NAME"),
        Arguments.of("API_KEY", "abc", "NAME"),
        Arguments.of("SESSION", "Zx8kQ2pL9vR4tY7wN3mB6cF1", "ENTROPY"),
        Arguments.of("DB_PASSWORD", "", null),
        Arguments.of("FEATURE_TOKEN_ENABLED", "true", null),
        Arguments.of("DATABASE_URL", "postgres://app@db:5432/app", null),
        Arguments.of("COMMIT", "0123456789abcdef0123456789abcdef01234567", null),
        Arguments.of("IMAGE", "registry.example.test/team/web-frontend:1.2.3", null),
        Arguments.of("GREETING", "HelloWorldThisIsAVeryLongSentence", null),
        Arguments.of("LOG_LEVEL", "info", null),
        Arguments.of("PORT", "8080", null));
  }

  @ParameterizedTest(name = "{0}={1} -> {2}")
  @MethodSource("cases")
  void detectsByFormatNameAndEntropy(String name, String value, String reason) {
    assertThat(SecretDetector.detect(name, value).map(h -> h.reason().name()).orElse(null)).isEqualTo(reason);
  }
}
