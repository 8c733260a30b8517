package dev.deploypipeline.generate;

import java.util.List;

/**
 * The conventions the generated Caddyfile follows, as data: the renderer reads its values from here and the
 * caddy-conventions skill's table is this list (CaddyConventionsSkillTest keeps the two the same).
 */
public final class CaddyRules {
  /** Domains that only this machine resolves: the site binds to loopback. */
  static final List<String> LOOPBACK_SUFFIXES = List.of("localhost", ".localhost");
  /** Reserved or private-use names no public CA will certify: Caddy's own CA signs them. */
  static final List<String> PRIVATE_SUFFIXES = List.of(".test", ".example", ".invalid", ".internal", ".lan",
      ".local", ".home.arpa");
  static final String HEALTH_INTERVAL = "10s";
  static final String HEALTH_TIMEOUT = "5s";
  static final String HEALTH_STATUS = "2xx";
  static final String FAIL_DURATION = "30s";

  /** One convention: when it applies, what the Caddyfile gets, and why. */
  public record Rule(String id, String when, String what, String why) {}

  public static final List<Rule> RULES = List.of(
      new Rule("site-per-subdomain", "a service has `port` and `subdomain`",
          "a site block `<subdomain>.<domain>` (`@` means the domain itself)",
          "one name per service; Caddy routes by Host"),
      new Rule("upstream-loopback", "every site", "`reverse_proxy 127.0.0.1:<port>`",
          "containers publish on 127.0.0.1 only and native units listen there; nothing is reachable around Caddy"),
      new Rule("active-health", "the service has `healthPath`",
          "`health_uri <healthPath>`, `health_interval " + HEALTH_INTERVAL + "`, `health_timeout " + HEALTH_TIMEOUT
              + "`, `health_status " + HEALTH_STATUS + "`",
          "Caddy stops sending traffic to an upstream that fails its health check"),
      new Rule("passive-health", "every site", "`fail_duration " + FAIL_DURATION + "`",
          "a failed request marks the upstream down for a while even without an active check"),
      new Rule("bind-loopback", "the domain is " + names(LOOPBACK_SUFFIXES), "`bind 127.0.0.1 [::1]`",
          "a local site must not listen on every interface (Caddy does unless told)"),
      new Rule("tls-internal", "the domain ends in " + names(PRIVATE_SUFFIXES), "`tls internal`",
          "no public CA issues certificates for reserved or private names; Caddy's own CA does"),
      new Rule("admin-loopback", "always", "global `admin <hosting.caddy.admin>` (default 127.0.0.1:2019, or off)",
          "the admin API changes the live config; config validation rejects a non-loopback address"),
      new Rule("formatted", "always", "the output is what `caddy fmt` prints",
          "caddy warns about unformatted input, and a warning fails generate"));

  private CaddyRules() {}

  static boolean loopback(String domain) {
    return domain.equals("localhost") || domain.endsWith(".localhost");
  }

  static boolean privateName(String domain) {
    return PRIVATE_SUFFIXES.stream().anyMatch(domain::endsWith);
  }

  /** The rules as a markdown table, the form the skill carries. */
  public static String markdownTable() {
    StringBuilder sb = new StringBuilder("| Rule | When | The Caddyfile gets | Why |\n|---|---|---|---|\n");
    for (Rule r : RULES) {
      sb.append("| ").append(r.id()).append(" | ").append(r.when()).append(" | ").append(r.what()).append(" | ")
          .append(r.why()).append(" |\n");
    }
    return sb.toString();
  }

  private static String names(List<String> suffixes) {
    return String.join(", ", suffixes.stream().map(s -> "`" + (s.startsWith(".") ? "*" + s : s) + "`").toList());
  }
}
