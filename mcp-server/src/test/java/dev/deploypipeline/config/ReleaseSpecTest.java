package dev.deploypipeline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code release.github} section: optional, checked like every other section, errors naming the path. */
class ReleaseSpecTest {
  static String config(String release) {
    return ConfigLoaderTest.VALID.replaceFirst("\\{", "{\"release\": " + release + ",");
  }

  PipelineConfig parse(String text) {
    return new ConfigLoader(Map.of()).withoutChannelChecks().parse(text, "deployment-config.json");
  }

  @Test
  void absentMeansTheEnvironmentAndDefaultsDecide() {
    PipelineConfig c = parse(ConfigLoaderTest.VALID);
    assertThat(c.release()).isNull();
    var gh = c.releaseOrDefault().githubOrDefault();
    assertThat(gh.apiUrlFrom(Map.of())).isEqualTo("https://api.github.com");
    assertThat(gh.apiUrlFrom(Map.of("GITHUB_API_URL", "https://ghe.example/api/v3/")))
        .isEqualTo("https://ghe.example/api/v3");
    assertThat(gh.tokenEnvOrDefault()).isEqualTo("GITHUB_TOKEN");
    assertThat(gh.uploadUrlFrom(Map.of())).isNull();
  }

  @Test
  void everyFieldIsRead() {
    var gh = parse(config("{\"github\": {\"apiUrl\": \"http://127.0.0.1:9/\", \"uploadUrl\": \"http://localhost:8\","
        + " \"repository\": \"octo-org/api\", \"tokenEnv\": \"RELEASE_TOKEN\", \"timeoutMs\": 5000}}"))
        .release().github();
    assertThat(gh.apiUrlFrom(Map.of("GITHUB_API_URL", "https://ignored"))).isEqualTo("http://127.0.0.1:9");
    assertThat(gh.uploadUrlFrom(Map.of())).isEqualTo("http://localhost:8");
    assertThat(gh.repository()).isEqualTo("octo-org/api");
    assertThat(gh.tokenEnvOrDefault()).isEqualTo("RELEASE_TOKEN");
    assertThat(gh.timeout().toMillis()).isEqualTo(5000);
  }

  @Test
  void badValuesAreReportedByPath() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(config("{\"github\": {"
        + "\"apiUrl\": \"http://github.example.com\", \"repository\": \"just-a-name\", \"tokenEnv\": \"ghp_abc\","
        + " \"timeoutMs\": 5}}")));
    assertThat(e.problems()).containsExactlyInAnyOrder(
        "release.github.apiUrl: must be https (http would send the token in clear; it is accepted only for "
            + "127.0.0.1 or localhost)",
        "release.github.repository: must be owner/name, e.g. octo-org/api",
        "release.github.tokenEnv: must be the NAME of an environment variable (e.g. GITHUB_TOKEN), never the token "
            + "itself",
        "release.github.timeoutMs: must be at least 100 (ms)");
  }

  @Test
  void aMisspeltKeyGetsASuggestion() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> parse(config("{\"github\": {\"repo\": \"o/r\"}}")));
    assertThat(String.join("\n", e.problems())).contains("release.github.repo: unknown key");
  }
}
