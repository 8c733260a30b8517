package dev.deploypipeline.store.pg;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the PostgreSQL store lives: a JDBC URL, a user, a password (from the environment only: never in config,
 * arguments or logs) and the schema holding the tables. {@link #toString()} leaves the password out.
 */
public record PgSettings(String url, String user, String password, String schema) {
  public static final String URL_VAR = "DEPLOY_PIPELINE_STORE_URL";
  public static final String USER_VAR = "DEPLOY_PIPELINE_STORE_USER";
  public static final String PASSWORD_VAR = "DEPLOY_PIPELINE_STORE_PASSWORD";
  public static final String SCHEMA_VAR = "DEPLOY_PIPELINE_STORE_SCHEMA";
  /** The schema the tables go into unless {@link #SCHEMA_VAR} names another. */
  public static final String DEFAULT_SCHEMA = "deployment_pipeline";

  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)[?&]password=");

  public PgSettings {
    if (url == null || !url.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException(URL_VAR + " must be a PostgreSQL JDBC URL such as "
          + "jdbc:postgresql://127.0.0.1:5432/deploy (got " + (url == null ? "nothing" : "'" + redactUrl(url) + "'")
          + ")");
    }
    if (PASSWORD_IN_URL.matcher(url).find()) {
      throw new IllegalArgumentException(URL_VAR + " holds a password: take it out of the URL and set "
          + PASSWORD_VAR + " instead (the URL is shown in messages and logs; the password must not be)");
    }
    if (schema == null || !SCHEMA.matcher(schema).matches()) {
      throw new IllegalArgumentException(SCHEMA_VAR + " '" + schema + "' is not a valid schema name: use lower-case "
          + "letters, digits and '_' (at most 63, not starting with a digit), for example " + DEFAULT_SCHEMA);
    }
  }

  /** The settings {@code env} names, or empty when {@link #URL_VAR} is unset or blank (the file store then). */
  public static Optional<PgSettings> fromEnvironment(Map<String, String> env) {
    String url = env.get(URL_VAR);
    if (url == null || url.isBlank()) return Optional.empty();
    String schema = env.getOrDefault(SCHEMA_VAR, "");
    return Optional.of(new PgSettings(url.trim(), env.get(USER_VAR), env.get(PASSWORD_VAR),
        schema.isBlank() ? DEFAULT_SCHEMA : schema.trim()));
  }

  /** The same database, another schema (each test class gets its own). */
  public PgSettings withSchema(String other) {
    return new PgSettings(url, user, password, other);
  }

  /** The URL without its query (parameters may hold anything), for messages. */
  public String where() {
    int q = url.indexOf('?');
    return (q < 0 ? url : url.substring(0, q)) + " (schema " + schema + ")";
  }

  @Override
  public String toString() {
    return "PgSettings[" + where() + ", user " + user + "]";
  }

  private static String redactUrl(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }
}
