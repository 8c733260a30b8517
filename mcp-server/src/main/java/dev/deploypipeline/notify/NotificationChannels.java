package dev.deploypipeline.notify;

import dev.deploypipeline.secrets.Redactor;
import dev.deploypipeline.secrets.EnvRefs;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the config plus the environment into working notifiers, and checks what needs the environment: that each
 * webhook URL really came from it, and is https. The loader keeps {@code "${VAR}"} raw in the config it returns
 * (expanded in the one it validates), so both forms arrive here; an expanded URL no variable holds can only have
 * been typed into the file. Messages name the config path and the variable, never the secret.
 */
public final class NotificationChannels {
  private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

  /** Working notifiers by channel, the errors of the channels that could not be set up, and the redactor. */
  public record Resolved(Map<String, Notifier> notifiers, List<String> errors, Redactor redactor) {}

  private NotificationChannels() {}

  /** The channels in use: {@code channels} when given, otherwise those with a section. */
  public static List<String> active(NotificationsConfig c) {
    if (c == null) return List.of();
    if (c.channels() != null) return c.channels();
    List<String> out = new ArrayList<>();
    if (c.slack() != null) out.add("slack");
    if (c.teams() != null) out.add("teams");
    if (c.email() != null) out.add("email");
    return out;
  }

  /** Every secret the config points at, by the variable that holds it, whether or not its channel is in use. */
  public static Redactor redactor(NotificationsConfig c, Map<String, String> env) {
    Map<String, String> secrets = new LinkedHashMap<>();
    NotificationsConfig cfg = c != null ? c : new NotificationsConfig(null, null, null, null, null, null);
    for (String ch : List.of("slack", "teams")) {
      WebhookChannelConfig w = webhook(cfg, ch);
      String name = w.envName(ch);
      if (w.webhookUrl() != null) {
        // Kept raw by the loader: "${VAR}" names the secret; anything else was typed in (and is refused).
        Matcher ref = ENV_REF.matcher(w.webhookUrl().trim());
        if (ref.matches()) name = ref.group(1);
        else put(secrets, EnvRefs.expand(w.webhookUrl(), env::get), name);
      }
      put(secrets, env.get(name), name);
    }
    EmailConfig e = cfg.email();
    String password = e == null ? EmailConfig.DEFAULT_PASSWORD_ENV : e.passwordEnvOrDefault();
    put(secrets, env.get(password), password);
    return Redactor.named(secrets);
  }

  private static void put(Map<String, String> secrets, String value, String name) {
    if (value != null) secrets.putIfAbsent(value, name);
  }

  /** The path-precise problems of the channels in use; empty when all of them can deliver. */
  public static List<String> check(NotificationsConfig c, Map<String, String> env) {
    return resolve(c, env, Clock.systemUTC()).errors();
  }

  public static Resolved resolve(NotificationsConfig c, Map<String, String> env, Clock clock) {
    Redactor redactor = redactor(c, env);
    Map<String, Notifier> notifiers = new LinkedHashMap<>();
    List<String> errors = new ArrayList<>();
    for (String ch : active(c)) {
      try {
        notifiers.put(ch, one(ch, c, env, redactor, clock));
      } catch (NotificationConfigException e) {
        errors.addAll(e.errors());
      }
    }
    return new Resolved(notifiers, errors, redactor);
  }

  /** The notifier of {@code channel}, whether or not {@code channels} lists it (for {@code notify test}). */
  public static Notifier one(String channel, NotificationsConfig c, Map<String, String> env, Redactor redactor,
      Clock clock) {
    NotificationsConfig cfg = c != null ? c : new NotificationsConfig(null, null, null, null, null, null);
    return switch (channel) {
      case "slack" -> WebhookNotifier.slack(webhookUrl("slack", cfg, env), cfg.timeout(), redactor, clock);
      case "teams" -> WebhookNotifier.teams(webhookUrl("teams", cfg, env), cfg.timeout(), redactor, clock);
      case "email" -> new EmailNotifier(smtp(cfg, env), redactor, clock);
      default -> throw new NotificationConfigException(
          List.of("channel '" + channel + "' is unknown; use one of " + NotificationsConfig.CHANNELS));
    };
  }

  static URI webhookUrl(String ch, NotificationsConfig c, Map<String, String> env) {
    WebhookChannelConfig w = webhook(c, ch);
    String path = "notifications." + ch + ".webhookUrl";
    String var = w.envName(ch);
    String url = env.get(var);
    if (w.webhookUrl() != null) {
      Matcher ref = ENV_REF.matcher(w.webhookUrl().trim());
      if (ref.matches()) {
        var = ref.group(1);
        url = env.get(var);
      } else if (env.containsValue(EnvRefs.expand(w.webhookUrl(), env::get))) {
        url = EnvRefs.expand(w.webhookUrl(), env::get);
      } else {
        throw error(path + ": must not be written in the config file, it is a secret; write \"webhookUrl\": \"${"
            + var + "}\" (or \"webhookUrlEnv\": \"" + var + "\") and export " + var + " with the URL");
      }
    }
    if (url == null || url.isBlank()) {
      throw error(path + ": " + var + " is not set; export " + var + " with the " + ch
          + " webhook URL, or remove " + ch + " from notifications.channels");
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw error(path + ": the value of " + var + " is not a URL; set it to the https webhook URL");
    }
    boolean https = "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null;
    boolean loopbackHttp = "http".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null
        && LOOPBACK.contains(uri.getHost().toLowerCase(java.util.Locale.ROOT));
    if (!https && !loopbackHttp) {
      throw error(path + ": must be https (http is accepted only for 127.0.0.1 or localhost); set " + var
          + " to the https webhook URL");
    }
    return uri;
  }

  static SmtpSettings smtp(NotificationsConfig c, Map<String, String> env) {
    EmailConfig e = c.email();
    if (e == null) {
      throw error("notifications.email: is required for the email channel: add host, port, from and to");
    }
    List<String> errors = new ArrayList<>();
    String user = env.get(e.usernameEnvOrDefault());
    String password = env.get(e.passwordEnvOrDefault());
    boolean auth = user != null && !user.isBlank();
    if (auth && (password == null || password.isEmpty())) {
      errors.add("notifications.email.passwordEnv: " + e.usernameEnvOrDefault() + " is set but "
          + e.passwordEnvOrDefault() + " is not; export the SMTP password, or unset the username to send without auth");
    }
    boolean loopback = e.host() != null && LOOPBACK.contains(e.host().toLowerCase(java.util.Locale.ROOT));
    if (auth && "off".equals(e.starttlsOrDefault()) && !loopback) {
      errors.add("notifications.email.starttls: 'off' would send the SMTP password in clear; use 'required'");
    }
    if (e.host() == null || e.from() == null || e.to() == null || e.to().isEmpty()) {
      errors.add("notifications.email: host, from and to are required");
    }
    if (!errors.isEmpty()) throw new NotificationConfigException(errors);
    return new SmtpSettings(e.host(), e.portOrDefault(), e.from(), e.to(), e.starttlsOrDefault(),
        auth ? user : null, auth ? password : null, c.timeout());
  }

  private static WebhookChannelConfig webhook(NotificationsConfig c, String ch) {
    WebhookChannelConfig w = "slack".equals(ch) ? c.slack() : c.teams();
    return w != null ? w : new WebhookChannelConfig(null, null, null);
  }

  private static NotificationConfigException error(String message) {
    return new NotificationConfigException(List.of(message));
  }
}
