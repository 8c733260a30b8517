package dev.deploypipeline.router;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A {@link Router} over Caddy's admin API. A split is one {@code PATCH /id/<handler>/upstreams}, guarded by
 * {@code If-Match} and retried on 412 (someone else changed the config in between). Caddy 2.6.2 has no weighted
 * policy, so weights become repeated upstream entries under round robin: reduced by their gcd and capped at
 * {@link #MAX_ENTRIES} entries in total (10:90 is 1 + 9 entries; 33:67 is 100). Counters come from the access log
 * when we know where it is (a private Caddy, or an attached one configured like {@link CaddyConfig}).
 */
public final class CaddyRouter implements Router {
  public static final int MAX_ENTRIES = 100;
  static final int MAX_ATTEMPTS = 5;
  private final CaddyAdmin admin;
  private final String handlerId;
  private final AccessLog accessLog;

  /** @param accessLog the JSON access log with the upstream header, or null when there is none (no counters) */
  public CaddyRouter(CaddyAdmin admin, String handlerId, AccessLog accessLog) {
    if (handlerId == null || !handlerId.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException(
          "caddy handler @id '" + handlerId + "' must be letters, digits, '_', '.' or '-'");
    }
    this.admin = admin;
    this.handlerId = handlerId;
    this.accessLog = accessLog;
  }

  /**
   * Attaches to a Caddy the user runs: its admin URL (loopback), the {@code @id} of its reverse-proxy handler, and
   * the JSON access log its config writes with the upstream header of {@link CaddyConfig}, or null (no counters).
   */
  public static CaddyRouter attach(java.net.URI admin, String handlerId, java.nio.file.Path accessLog) {
    return new CaddyRouter(new CaddyAdmin(admin), handlerId,
        accessLog == null ? null : new AccessLog(accessLog, new CaddyLogLine()));
  }

  @Override
  public String kind() {
    return "caddy";
  }

  private String path() {
    return "/id/" + handlerId + "/upstreams";
  }

  @Override
  public void route(List<Upstream> upstreams) throws IOException, InterruptedException {
    String body = JsonSupport.MAPPER.writeValueAsString(
        CaddyConfig.upstreams(Weights.expand(Weights.reduce(upstreams, MAX_ENTRIES))));
    CaddyAdmin.Reply last = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      String etag = CaddyAdmin.etag("/config/", admin.get("/config/"));
      last = admin.send("PATCH", path(), body, etag);
      if (last.status() == 200) return;
      if (last.status() != 412) throw CaddyAdmin.failure("PATCH", path(), last);
    }
    throw new IOException("caddy config at " + admin.base() + " changed under us " + MAX_ATTEMPTS
        + " times in a row (412 Precondition Failed); another client is rewriting it: " + last.body().strip());
  }

  @Override
  public List<Upstream> current() throws IOException, InterruptedException {
    JsonNode arr = JsonSupport.MAPPER.readTree(admin.get(path()));
    List<String> dials = new ArrayList<>();
    for (JsonNode u : arr) dials.add(u.path("dial").asString());
    return Weights.fold(dials);
  }

  @Override
  public Map<String, UpstreamCounters> counters() throws IOException {
    return accessLog == null ? Map.of() : accessLog.counters();
  }
}
