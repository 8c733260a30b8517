package dev.deploypipeline.github;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code release.github} config section. The token is never part of it: only the name of the variable that
 * holds it ({@code tokenEnv}, default {@code GITHUB_TOKEN}). Every field may be left out: the API URL and the
 * repository then come from {@code GITHUB_API_URL} / {@code GITHUB_REPOSITORY} (set by GitHub Actions) or the
 * defaults, so tests point the client at a loopback emulator through the environment alone.
 *
 * @param apiUrl REST API base, {@code https://api.github.com} or {@code https://HOST/api/v3} (Enterprise Server)
 * @param uploadUrl replaces the scheme, host and path prefix of the {@code upload_url} GitHub returns (for a proxy
 *     or an emulator); by default the upload goes where GitHub says
 * @param repository {@code owner/name}; default {@code GITHUB_REPOSITORY}, else the {@code origin} remote
 */
public record GithubConfig(
    @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL such as https://api.github.com") String apiUrl,
    @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL such as https://uploads.github.com")
        String uploadUrl,
    @Pattern(regexp = "[A-Za-z0-9-]{1,39}/[A-Za-z0-9._-]{1,100}", message = "must be owner/name, e.g. octo-org/api")
        String repository,
    @Pattern(regexp = "[A-Z_][A-Z0-9_]*", message = "must be the NAME of an environment variable (e.g. GITHUB_TOKEN), "
        + "never the token itself") String tokenEnv,
    @Min(value = 100, message = "must be at least 100 (ms)") @Max(value = 600000, message = "must be at most 600000 (ms)")
        Integer timeoutMs) {

  public static final String DEFAULT_API_URL = "https://api.github.com";
  public static final String DEFAULT_TOKEN_ENV = "GITHUB_TOKEN";
  public static final GithubConfig DEFAULTS = new GithubConfig(null, null, null, null, null);

  public String tokenEnvOrDefault() {
    return tokenEnv == null || tokenEnv.isBlank() ? DEFAULT_TOKEN_ENV : tokenEnv;
  }

  /** Config, else {@code GITHUB_API_URL}, else github.com; without a trailing slash. */
  public String apiUrlFrom(Map<String, String> env) {
    String v = apiUrl != null ? apiUrl : env.getOrDefault("GITHUB_API_URL", DEFAULT_API_URL);
    return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
  }

  /** Config, else {@code GITHUB_UPLOAD_URL}, else null (upload where GitHub's {@code upload_url} says). */
  public String uploadUrlFrom(Map<String, String> env) {
    String v = uploadUrl != null ? uploadUrl : env.get("GITHUB_UPLOAD_URL");
    if (v == null || v.isBlank()) return null;
    return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
  }

  public Duration timeout() {
    return Duration.ofMillis(timeoutMs == null ? 30_000 : timeoutMs);
  }

  /** What annotations cannot say: a token never travels over plain http except to this machine. */
  public List<String> problems(String path) {
    List<String> out = new ArrayList<>();
    for (String[] f : new String[][] {{"apiUrl", apiUrl}, {"uploadUrl", uploadUrl}}) {
      if (f[1] != null && f[1].startsWith("http://") && !loopback(f[1])) {
        out.add(path + "." + f[0] + ": must be https (http would send the token in clear; it is accepted only for "
            + "127.0.0.1 or localhost)");
      }
    }
    return out;
  }

  static boolean loopback(String url) {
    try {
      String host = URI.create(url).getHost();
      return host != null && List.of("127.0.0.1", "localhost", "[::1]").contains(host);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
