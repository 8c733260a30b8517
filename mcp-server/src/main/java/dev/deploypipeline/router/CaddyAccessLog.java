package dev.deploypipeline.router;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Per-upstream counters from Caddy's JSON access log. Caddy 2.6 has no per-upstream metrics, so the generated
 * config puts the upstream that served each request in a response header ({@link CaddyConfig#UPSTREAM_HEADER},
 * also on proxy errors such as a refused dial), and this class reads the log incrementally: status, upstream and
 * duration of each request. Lines without the header (requests not proxied) are ignored.
 */
public final class CaddyAccessLog {
  private static final int WINDOW = 1000;
  private final Path file;
  private long offset;
  private final Map<String, long[]> counts = new HashMap<>();
  private final Map<String, LatencyWindow> latency = new HashMap<>();

  public CaddyAccessLog(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /** Reads what was appended since the last call and returns the cumulative counters. */
  public synchronized Map<String, UpstreamCounters> counters() throws IOException {
    readNew();
    Map<String, UpstreamCounters> out = new HashMap<>();
    counts.forEach((addr, c) -> out.put(addr, new UpstreamCounters(c[0], c[1], latency.get(addr).p95())));
    return out;
  }

  private void readNew() throws IOException {
    if (!Files.exists(file)) return;
    byte[] buf;
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      if (f.length() < offset) offset = 0; // rolled over by Caddy: the new file starts from scratch
      f.seek(offset);
      buf = new byte[(int) Math.min(f.length() - offset, 16 << 20)];
      f.readFully(buf);
    }
    int end = buf.length;
    while (end > 0 && buf[end - 1] != '\n') end--; // a line still being written is read next time
    offset += end;
    for (String line : new String(buf, 0, end, StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) add(line);
    }
  }

  private void add(String line) {
    JsonNode n;
    try {
      n = JsonSupport.MAPPER.readTree(line);
    } catch (RuntimeException e) {
      return; // not an access-log line (a foreign writer); counting it would be a guess
    }
    JsonNode up = n.path("resp_headers").path(CaddyConfig.UPSTREAM_HEADER).path(0);
    if (!up.isString() || up.asString().isEmpty()) return;
    String addr = up.asString();
    int status = n.path("status").asInt(0);
    long[] c = counts.computeIfAbsent(addr, a -> new long[2]);
    c[0]++;
    if (status >= 500 || status == 0) c[1]++;
    latency.computeIfAbsent(addr, a -> new LatencyWindow(WINDOW)).add(n.path("duration").asDouble(0) * 1000);
  }
}
