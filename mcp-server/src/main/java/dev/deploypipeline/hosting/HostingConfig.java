package dev.deploypipeline.hosting;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code hosting} config section: how a self-hosted service runs on one machine. Each service is a container
 * (its {@code image}) or a native systemd unit ({@code native}); one with a {@code port} and a {@code subdomain}
 * gets a Caddy site {@code <subdomain>.<domain>}. {@code generate} writes the Compose file, the Caddyfile and the
 * systemd units from it; the Compose target, env and check read it.
 *
 * @param project the Compose project name (default: the config's service)
 * @param domain sites are {@code <subdomain>.<domain>}
 * @param composeFile where the Compose file is generated and read (default {@code docker-compose.yml})
 * @param systemdDir where the systemd units are generated (default {@code deploy/systemd})
 * @param networkMode {@code bridge} (default: ports published on 127.0.0.1) or {@code host}
 */
public record HostingConfig(
    @Pattern(regexp = NAME, message = "must be lowercase letters, digits, '_' or '-', starting with a letter or digit")
        String project,
    @Pattern(regexp = DOMAIN, message = "must be a domain name such as example.com or localhost (no scheme, no port)")
        String domain,
    @Pattern(regexp = RELATIVE_FILE, message = "must be a file path relative to the project directory") String composeFile,
    @Valid CaddySpec caddy,
    @Pattern(regexp = RELATIVE_FILE, message = "must be a directory path relative to the project directory")
        String systemdDir,
    @Pattern(regexp = "bridge|host", message = "must be 'bridge' (ports published on 127.0.0.1) or 'host'")
        String networkMode,
    Map<@Pattern(regexp = NAME, message = "must be a service name: lowercase letters, digits, '_' or '-'") String,
        @Valid HostedService> services) {

  static final String NAME = "[a-z0-9][a-z0-9_-]{0,62}";
  static final String DOMAIN = "(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*";
  static final String RELATIVE_FILE = "(?!/)(?!.*(^|/)\\.\\.(/|$))[A-Za-z0-9._/-]+";

  public static final String DEFAULT_COMPOSE_FILE = "docker-compose.yml";
  public static final String DEFAULT_SYSTEMD_DIR = "deploy/systemd";

  /** The Compose project name: {@code project}, else the config's service name. */
  public String projectOr(String service) {
    return project != null ? project : service;
  }

  public String composeFileOrDefault() {
    return composeFile != null ? composeFile : DEFAULT_COMPOSE_FILE;
  }

  public String systemdDirOrDefault() {
    return systemdDir != null ? systemdDir : DEFAULT_SYSTEMD_DIR;
  }

  public boolean hostNetwork() {
    return "host".equals(networkMode);
  }

  public CaddySpec caddyOrDefault() {
    return caddy != null ? caddy : new CaddySpec(null, null);
  }

  public Map<String, HostedService> serviceMap() {
    return services == null ? Map.of() : services;
  }

  /** Container services, in config order. */
  public Map<String, HostedService> containers() {
    Map<String, HostedService> out = new LinkedHashMap<>();
    serviceMap().forEach((k, v) -> {
      if (!v.isNative()) out.put(k, v);
    });
    return out;
  }

  /** Native (systemd) services, in config order. */
  public Map<String, HostedService> natives() {
    Map<String, HostedService> out = new LinkedHashMap<>();
    serviceMap().forEach((k, v) -> {
      if (v.isNative()) out.put(k, v);
    });
    return out;
  }

  /** The site address of a service, or null when it has no site (no port or no subdomain). */
  public String siteAddress(HostedService s) {
    if (s.port() == null || s.subdomain() == null) return null;
    if (domain == null) return null;
    return s.subdomain().equals("@") ? domain : s.subdomain() + "." + domain;
  }

  /** Rules across fields, each as {@code hosting.<path>: what is wrong (what to do)}. */
  public List<String> problems() {
    List<String> p = new ArrayList<>();
    if (services == null || services.isEmpty()) {
      p.add("hosting.services: is required: add at least one service, e.g. {\"web\": {\"image\": \"myapp-web\", "
          + "\"port\": 8080, \"subdomain\": \"www\"}}");
      return p;
    }
    Map<String, String> sites = new LinkedHashMap<>();
    Map<Integer, String> ports = new LinkedHashMap<>();
    services.forEach((name, s) -> {
      if (s != null && s.containerPort() != null && hostNetwork()) {
        p.add("hosting.services." + name + ".containerPort: does not apply with networkMode host (the container "
            + "listens on the host's port itself)");
      }
      if (s == null) {
        p.add("hosting.services." + name + ": must be an object with an image or native");
        return;
      }
      p.addAll(s.problems("hosting.services." + name));
      if (s.subdomain() != null && domain == null) {
        p.add("hosting.services." + name + ".subdomain: needs hosting.domain (sites are <subdomain>.<domain>)");
      }
      String site = siteAddress(s);
      if (site != null && sites.putIfAbsent(site, name) != null) {
        p.add("hosting.services." + name + ".subdomain: site " + site + " is already served by " + sites.get(site)
            + " (give each service its own subdomain)");
      }
      if (s.port() != null && ports.putIfAbsent(s.port(), name) != null) {
        p.add("hosting.services." + name + ".port: " + s.port() + " is already used by " + ports.get(s.port())
            + " (every service listens on its own port on 127.0.0.1)");
      }
    });
    return p;
  }
}
