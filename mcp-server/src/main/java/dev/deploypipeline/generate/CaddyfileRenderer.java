package dev.deploypipeline.generate;

import dev.deploypipeline.hosting.HostedService;
import dev.deploypipeline.hosting.HostingConfig;
import java.util.Map;

/**
 * The Caddyfile: the global admin address, then one site block per service with a port and a subdomain, in
 * config order, following {@link CaddyRules}. Tab-indented as {@code caddy fmt} prints it. Every value placed in
 * it was checked by the config's patterns (domain, subdomain, path), so none can open or close a block.
 */
final class CaddyfileRenderer {
  private CaddyfileRenderer() {}

  static String render(HostingConfig h) {
    StringBuilder c = new StringBuilder("{\n\tadmin ").append(h.caddyOrDefault().adminOrDefault()).append("\n}\n");
    for (Map.Entry<String, HostedService> e : h.serviceMap().entrySet()) {
      HostedService s = e.getValue();
      String site = h.siteAddress(s);
      if (site == null) continue;
      c.append("\n# ").append(e.getKey()).append(s.isNative() ? " (native unit)" : " (container)").append('\n');
      c.append(site).append(" {\n");
      if (CaddyRules.loopback(h.domain())) c.append("\tbind 127.0.0.1 [::1]\n");
      else if (CaddyRules.privateName(h.domain())) c.append("\ttls internal\n");
      c.append("\treverse_proxy 127.0.0.1:").append(s.port()).append(" {\n");
      if (s.healthPath() != null) {
        c.append("\t\thealth_uri ").append(s.healthPath()).append('\n')
            .append("\t\thealth_interval ").append(CaddyRules.HEALTH_INTERVAL).append('\n')
            .append("\t\thealth_timeout ").append(CaddyRules.HEALTH_TIMEOUT).append('\n')
            .append("\t\thealth_status ").append(CaddyRules.HEALTH_STATUS).append('\n');
      }
      c.append("\t\tfail_duration ").append(CaddyRules.FAIL_DURATION).append('\n');
      c.append("\t}\n}\n");
    }
    return c.toString();
  }

  /** True when the section has at least one site. */
  static boolean hasSites(HostingConfig h) {
    return h.serviceMap().values().stream().anyMatch(s -> h.siteAddress(s) != null);
  }
}
