package dev.deploypipeline.router;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Per-upstream counters from a proxy's access log, read incrementally (only what was appended since the last
 * call; a file that shrank was rolled over and is read from the start). Each proxy brings a {@link LineParser}:
 * Caddy's JSON lines, HAProxy's log-format line.
 */
public final class AccessLog {
  private static final int WINDOW = 1000;
  private final Path file;
  private final LineParser parser;
  private long offset;
  private final Map<String, long[]> counts = new HashMap<>();
  private final Map<String, LatencyWindow> latency = new HashMap<>();

  /** One proxied request: the upstream that served it, the status sent, and its duration. */
  public record Entry(String upstream, int status, double millis) {}

  /** Turns one log line into an entry, or empty for lines that are not proxied requests. */
  @FunctionalInterface
  public interface LineParser {
    Optional<Entry> parse(String line);
  }

  public AccessLog(Path file, LineParser parser) {
    this.file = file;
    this.parser = parser;
  }

  public Path file() {
    return file;
  }

  /** Reads what was appended since the last call and returns the cumulative counters, p95 over the last 1000. */
  public synchronized Map<String, UpstreamCounters> counters() throws IOException {
    readNew();
    Map<String, UpstreamCounters> out = new HashMap<>();
    counts.forEach((addr, c) -> out.put(addr, new UpstreamCounters(c[0], c[1], latency.get(addr).p95())));
    return out;
  }

  /** The p95 of one upstream's recent requests, or -1 without any. */
  public synchronized double p95(String upstream) throws IOException {
    readNew();
    LatencyWindow w = latency.get(upstream);
    return w == null ? -1 : w.p95();
  }

  private void readNew() throws IOException {
    if (!Files.exists(file)) return;
    byte[] buf;
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      if (f.length() < offset) offset = 0;
      f.seek(offset);
      buf = new byte[(int) Math.min(f.length() - offset, 16 << 20)];
      f.readFully(buf);
    }
    int end = buf.length;
    while (end > 0 && buf[end - 1] != '\n') end--; // a line still being written is read next time
    offset += end;
    for (String line : new String(buf, 0, end, StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) parser.parse(line).ifPresent(this::add);
    }
  }

  private void add(Entry e) {
    long[] c = counts.computeIfAbsent(e.upstream(), a -> new long[2]);
    c[0]++;
    if (e.status() >= 500 || e.status() <= 0) c[1]++;
    latency.computeIfAbsent(e.upstream(), a -> new LatencyWindow(WINDOW)).add(e.millis());
  }
}
