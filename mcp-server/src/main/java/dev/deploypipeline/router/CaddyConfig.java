package dev.deploypipeline.router;

import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON config of a private Caddy for one environment: one HTTP server on 127.0.0.1 only, one reverse-proxy
 * handler with an {@code @id} (so the router patches {@code /id/<id>/upstreams}), round-robin selection (2.6 has
 * no weighted policy: weights are repeated entries), the upstream that served each response in a header, and a
 * JSON access log that {@link AccessLog} turns into counters. The admin API listens on 127.0.0.1 too.
 */
public final class CaddyConfig {
  /** The response header that names the upstream of each request, in the access log. */
  public static final String UPSTREAM_HEADER = "X-Upstream";
  private static final String UPSTREAM = "{http.reverse_proxy.upstream.hostport}";
  private static final String LOGGER = "pipeline_access";

  private CaddyConfig() {}

  public static ObjectNode build(int listenPort, int adminPort, String handlerId, List<String> dials, Path accessLog) {
    ObjectNode root = JsonSupport.MAPPER.createObjectNode();
    ObjectNode admin = root.putObject("admin");
    admin.put("listen", "127.0.0.1:" + adminPort);
    admin.putObject("config").put("persist", false); // the pipeline's store is the record, not Caddy's autosave

    ObjectNode logs = root.putObject("logging").putObject("logs");
    logs.putObject("default").putArray("exclude").add("http.log.access." + LOGGER);
    ObjectNode access = logs.putObject(LOGGER);
    access.putObject("writer").put("output", "file").put("filename", accessLog.toString());
    access.putObject("encoder").put("format", "json");
    access.putArray("include").add("http.log.access." + LOGGER);

    ObjectNode server = root.putObject("apps").putObject("http").putObject("servers").putObject("pipeline");
    server.putArray("listen").add("127.0.0.1:" + listenPort);
    server.putObject("automatic_https").put("disable", true);
    server.putObject("logs").put("default_logger_name", LOGGER);

    ObjectNode proxy = server.putArray("routes").addObject().putArray("handle").addObject();
    proxy.put("handler", "reverse_proxy").put("@id", handlerId);
    proxy.set("upstreams", upstreams(dials));
    proxy.putObject("load_balancing").putObject("selection_policy").put("policy", "round_robin");
    proxy.putObject("headers").putObject("response").putObject("set").putArray(UPSTREAM_HEADER).add(UPSTREAM);

    // A refused dial ends in the error routes, not in the proxy's header ops: name the upstream there too, so
    // an unreachable upstream's 502s count against it.
    ArrayNode errors = server.putObject("errors").putArray("routes").addObject().putArray("handle");
    errors.addObject().put("handler", "headers").putObject("response").putObject("set")
        .putArray(UPSTREAM_HEADER).add(UPSTREAM);
    errors.addObject().put("handler", "static_response").put("status_code", "{http.error.status_code}");
    return root;
  }

  /** The upstreams array: one {@code {"dial": ...}} per entry. */
  static ArrayNode upstreams(List<String> dials) {
    ArrayNode a = JsonSupport.MAPPER.createArrayNode();
    dials.forEach(d -> a.addObject().put("dial", d));
    return a;
  }
}
