package dev.deploypipeline.notify;

import dev.deploypipeline.secrets.Redactor;
import java.time.Duration;
import java.util.List;

/**
 * Resolved SMTP settings: the config's values plus the credentials read from the environment. {@code toString}
 * never shows the password.
 *
 * @param starttls {@code off}, {@code on} (opportunistic: plain if the server lacks STARTTLS) or {@code required}
 */
public record SmtpSettings(String host, int port, String from, List<String> to, String starttls, String username,
    String password, Duration timeout) {

  public SmtpSettings {
    to = List.copyOf(to);
  }

  public boolean auth() {
    return username != null && !username.isBlank();
  }

  @Override
  public String toString() {
    return "SmtpSettings[host=" + host + ", port=" + port + ", from=" + from + ", to=" + to + ", starttls=" + starttls
        + ", username=" + username + ", password=" + (password == null ? "none" : Redactor.MASK) + ", timeout="
        + timeout + "]";
  }
}
