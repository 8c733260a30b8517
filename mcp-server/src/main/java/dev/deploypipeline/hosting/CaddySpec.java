package dev.deploypipeline.hosting;

import jakarta.validation.constraints.Pattern;

/**
 * Where Caddy's admin API listens and where the generated Caddyfile goes.
 *
 * @param admin the admin API address (default {@code 127.0.0.1:2019}); keep it on loopback
 * @param caddyfile the Caddyfile path relative to the project (default {@code Caddyfile})
 */
public record CaddySpec(
    @Pattern(regexp = "(127\\.0\\.0\\.1|localhost|\\[::1]):[0-9]{1,5}|off",
        message = "must be a loopback address such as 127.0.0.1:2019, or off (the admin API must not be reachable "
            + "from other machines)") String admin,
    @Pattern(regexp = HostingConfig.RELATIVE_FILE, message = "must be a file path relative to the project directory")
        String caddyfile) {
  public static final String DEFAULT_ADMIN = "127.0.0.1:2019";
  public static final String DEFAULT_CADDYFILE = "Caddyfile";

  public String adminOrDefault() {
    return admin != null ? admin : DEFAULT_ADMIN;
  }

  public String caddyfileOrDefault() {
    return caddyfile != null ? caddyfile : DEFAULT_CADDYFILE;
  }
}
