package dev.deploypipeline.router;

import java.util.Optional;

/** Parses the generated HAProxy log format: {@code pipeline-access <server ip>:<port> <status> <Ta ms>}. */
final class HaproxyLogLine implements AccessLog.LineParser {
  @Override
  public Optional<AccessLog.Entry> parse(String line) {
    String[] f = line.strip().split(" ");
    if (f.length != 4 || !HaproxyConfig.LOG_TAG.equals(f[0]) || f[1].startsWith("-")) return Optional.empty();
    try {
      return Optional.of(new AccessLog.Entry(f[1], Integer.parseInt(f[2]), Double.parseDouble(f[3])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
