package dev.deploypipeline.notify;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * {@code notifications.email}: SMTP server and addresses. The username and password are read from the
 * environment variables named here (defaults {@code SMTP_USERNAME}, {@code SMTP_PASSWORD}); without a username
 * the server is used without authentication.
 *
 * @param starttls {@code required} (default: fail rather than send in clear), {@code on} (use it when offered) or
 *     {@code off}
 */
public record EmailConfig(
    @NotBlank(message = "is required: the SMTP server, such as smtp.example.com") String host,
    @Min(value = 1, message = "must be 1 to 65535 (587 for submission with STARTTLS)") @Max(value = 65535, message = "must be 1 to 65535 (587 for submission with STARTTLS)")
        Integer port,
    @NotBlank(message = "is required: the sender address, such as deploy@example.com") @Email(message = "must be an email address, such as deploy@example.com")
        String from,
    @NotEmpty(message = "is required: a list of recipient addresses") List<@NotBlank(message = "must not be blank") @Email(message = "must be an email address, such as team@example.com") String> to,
    @Pattern(regexp = "required|on|off", message = "must be 'required', 'on' or 'off'") String starttls,
    @Pattern(regexp = "[A-Za-z_][A-Za-z0-9_]*", message = "must be the name of an environment variable, such as SMTP_USERNAME")
        String usernameEnv,
    @Pattern(regexp = "[A-Za-z_][A-Za-z0-9_]*", message = "must be the name of an environment variable, such as SMTP_PASSWORD (not the password itself)")
        String passwordEnv,
    List<@Pattern(regexp = NotificationKind.EVENTS_PATTERN, message = NotificationKind.EVENTS_MESSAGE) String> events) {

  public static final String DEFAULT_USERNAME_ENV = "SMTP_USERNAME";
  public static final String DEFAULT_PASSWORD_ENV = "SMTP_PASSWORD";

  public int portOrDefault() {
    return port == null ? 587 : port;
  }

  public String starttlsOrDefault() {
    return starttls == null ? "required" : starttls;
  }

  public String usernameEnvOrDefault() {
    return usernameEnv == null ? DEFAULT_USERNAME_ENV : usernameEnv;
  }

  public String passwordEnvOrDefault() {
    return passwordEnv == null ? DEFAULT_PASSWORD_ENV : passwordEnv;
  }
}
