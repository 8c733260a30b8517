package dev.deploypipeline.flags;

import dev.deploypipeline.secrets.Redactor;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Unleash Admin API ({@code /api/admin/projects/<project>/features…}) over {@code java.net.http}: list flags with
 * their per-environment state, turn a flag on or off in one environment, and set its gradual rollout through the
 * {@code flexibleRollout} strategy. The admin token only ever travels in the {@code Authorization} header, and
 * every error message is masked with it before it leaves.
 */
public final class UnleashClient implements FlagProvider {
  static final String FLEXIBLE_ROLLOUT = "flexibleRollout";
  private static final JsonMapper JSON = JsonMapper.shared();

  private final FlagsConfig config;
  private final String token;
  private final HttpClient http;
  private final Duration timeout;
  private final Redactor redactor;

  public UnleashClient(FlagsConfig config, String token, Duration timeout) {
    if (token == null || token.isBlank()) {
      throw new FlagsException(config.tokenEnvOrDefault() + " is not set", 0, "export " + config.tokenEnvOrDefault()
          + "=<an Unleash admin API token> in the environment that starts the server (never in the config file)");
    }
    this.config = config;
    this.token = token.trim();
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    this.redactor = Redactor.named(Map.of(this.token, config.tokenEnvOrDefault()));
  }

  /** The client for {@code config} with the token read from the variable it names. */
  public static UnleashClient fromEnvironment(FlagsConfig config, Map<String, String> env) {
    return new UnleashClient(config, env.get(config.tokenEnvOrDefault()), Duration.ofSeconds(15));
  }

  @Override
  public List<FlagState> list() throws InterruptedException {
    JsonNode body = send("list flags", "GET", features(""), null, null);
    List<FlagState> out = new ArrayList<>();
    for (JsonNode f : body.path("features")) out.add(get(f.path("name").asString()));
    return out;
  }

  @Override
  public FlagState get(String flag) throws InterruptedException {
    JsonNode f = send("read flag '" + flag + "'", "GET", features("/" + enc(flag)), null, flag);
    List<FlagState.Environment> envs = new ArrayList<>();
    for (JsonNode e : f.path("environments")) {
      envs.add(new FlagState.Environment(e.path("name").asString(), e.path("enabled").asBoolean(false),
          rolloutOf(e.path("strategies"))));
    }
    return new FlagState(flag, f.path("type").isString() ? f.path("type").asString() : null,
        f.path("stale").asBoolean(false), envs);
  }

  @Override
  public void enable(String flag, String environment) throws InterruptedException {
    send("turn flag '" + flag + "' on in " + environment, "POST", environmentPath(flag, environment) + "/on", null,
        flag);
  }

  @Override
  public void disable(String flag, String environment) throws InterruptedException {
    send("turn flag '" + flag + "' off in " + environment, "POST", environmentPath(flag, environment) + "/off", null,
        flag);
  }

  @Override
  public void rollout(String flag, String environment, int percent) throws InterruptedException {
    if (percent < 0 || percent > 100) {
      throw new FlagsException("rollout percent must be from 0 to 100, got " + percent, 0, "pass a percent");
    }
    String what = "set flag '" + flag + "' to " + percent + " % in " + environment;
    String path = environmentPath(flag, environment);
    JsonNode env = send(what, "GET", path, null, flag);
    String strategyId = null;
    for (JsonNode s : env.path("strategies")) {
      if (FLEXIBLE_ROLLOUT.equals(s.path("name").asString())) {
        strategyId = s.path("id").asString();
        break;
      }
    }
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("rollout", Integer.toString(percent));
    parameters.put("stickiness", "default");
    parameters.put("groupId", flag);
    Map<String, Object> strategy = new LinkedHashMap<>();
    strategy.put("name", FLEXIBLE_ROLLOUT);
    strategy.put("constraints", List.of());
    strategy.put("parameters", parameters);
    if (strategyId == null) {
      send(what, "POST", path + "/strategies", strategy, flag);
    } else {
      send(what, "PUT", path + "/strategies/" + enc(strategyId), strategy, flag);
    }
    send(what, "POST", path + "/on", null, flag);
  }

  /** The first flexible rollout's percent, or null when the environment has none. */
  static Integer rolloutOf(JsonNode strategies) {
    for (JsonNode s : strategies) {
      if (FLEXIBLE_ROLLOUT.equals(s.path("name").asString()) && !s.path("disabled").asBoolean(false)) {
        try {
          return Integer.valueOf(s.path("parameters").path("rollout").asString());
        } catch (NumberFormatException e) {
          return null;
        }
      }
    }
    return null;
  }

  private String features(String rest) {
    return "/api/admin/projects/" + enc(config.projectOrDefault()) + "/features" + rest;
  }

  private String environmentPath(String flag, String environment) {
    return features("/" + enc(flag) + "/environments/" + enc(environment));
  }

  private JsonNode send(String what, String method, String path, Object body, String flag)
      throws InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(config.baseUrl() + path)).timeout(timeout)
        .header("Authorization", token).header("Accept", "application/json");
    if (body != null) {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new FlagsException(redactor.redact("could not " + what + ": Unleash at " + config.baseUrl()
          + " did not answer (" + e.getClass().getSimpleName() + ")"), 0, "check flags.url and that the server is up");
    }
    if (r.statusCode() / 100 != 2) throw error(what, r, flag);
    if (r.body() == null || r.body().isBlank()) return JSON.createObjectNode();
    try {
      return JSON.readTree(r.body());
    } catch (JacksonException e) {
      throw new FlagsException("could not " + what + ": Unleash answered HTTP " + r.statusCode()
          + " with a body that is not JSON", r.statusCode(), "check that flags.url points at Unleash itself");
    }
  }

  private FlagsException error(String what, HttpResponse<String> r, String flag) {
    String said = unleashMessage(r.body());
    int code = r.statusCode();
    String tokenEnv = config.tokenEnvOrDefault();
    String message;
    String next;
    switch (code) {
      case 401 -> {
        message = "Unleash rejected the admin token in " + tokenEnv + " (HTTP 401)";
        next = "export " + tokenEnv + " with a valid admin API token (Unleash: Admin settings → API access) and "
            + "restart the server";
      }
      case 403 -> {
        message = "the token in " + tokenEnv + " may not " + what + " (HTTP 403)";
        next = "use an admin token, or one with update-feature permission in project '" + config.projectOrDefault()
            + "'";
      }
      case 404 -> {
        boolean environment = said != null && said.toLowerCase(java.util.Locale.ROOT).contains("environment");
        message = environment ? "could not " + what + ": " + said
            : "flag '" + flag + "' does not exist in Unleash project '" + config.projectOrDefault() + "'";
        next = environment ? "map our environment to one of the server's with flags.environments"
            : "check the flag's name (deployment-pipeline flags list shows them) or create it in Unleash";
      }
      default -> {
        message = "could not " + what + ": Unleash answered HTTP " + code + (said == null ? "" : ": " + said);
        next = code >= 500 ? "try again in a minute" : "fix what the message names and try again";
      }
    }
    return new FlagsException(redactor.redact(message), code, redactor.redact(next));
  }

  private static String unleashMessage(String body) {
    if (body == null || body.isBlank()) return null;
    try {
      JsonNode n = JSON.readTree(body);
      String m = n.path("message").asString(null);
      return m == null ? null : m.length() > 300 ? m.substring(0, 300) + "…" : m;
    } catch (JacksonException e) {
      return null;
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
