package dev.deploypipeline.mcp.stdio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SDK's own {@code result} objects for {@code initialize} (one per protocol version it accepts) and the first
 * {@code tools/list}, recorded by the build ({@link CdsTraining}) from the very jar they sit next to, so that
 * {@link EarlyDoor} can answer those two requests before Jackson databind, logging and the SDK server exist.
 * The file names the jar's size and mtime; any other jar (a rebuild, a copy) makes it count as absent, and start-up
 * takes the ordinary path. Line-based on purpose: reading it must cost less than the work it saves.
 */
public record CannedAnswers(Map<String, String> initializeByVersion, String toolsList) {
  static final String HEADER = "deployment-pipeline canned answers 1";

  /** The answers beside the jar this JVM was started from, or null if there are none for exactly this jar. */
  public static CannedAnswers forServedJar() {
    Path jar = servedJar();
    return jar == null ? null : load(fileFor(jar), jar);
  }

  /** The jar on the class path when started with {@code -jar}, else null. */
  static Path servedJar() {
    String cp = System.getProperty("java.class.path", "");
    if (!cp.endsWith(".jar") || cp.indexOf(java.io.File.pathSeparatorChar) >= 0) return null;
    return Path.of(cp);
  }

  static Path fileFor(Path jar) {
    String name = jar.getFileName().toString();
    // String.concat, not +: the first indy string concatenation costs milliseconds of method-handle set-up.
    return jar.resolveSibling(name.substring(0, name.length() - ".jar".length()).concat(".answers"));
  }

  /** Null when the file is missing, unreadable, malformed or written for another jar. */
  static CannedAnswers load(Path file, Path jar) {
    try {
      if (!Files.isRegularFile(file)) return null;
      // One bulk decode and split: readAllLines' per-character loop cost tens of ms before the JIT got to it.
      List<String> lines = List.of(Files.readString(file, StandardCharsets.UTF_8).split("\n"));
      if (lines.size() < 3 || !HEADER.equals(lines.get(0)) || !stamp(jar).equals(lines.get(1))) return null;
      Map<String, String> init = new LinkedHashMap<>();
      String tools = null;
      for (String line : lines.subList(2, lines.size())) {
        String[] parts = line.split(" ", 3);
        if (parts.length == 3 && "initialize".equals(parts[0])) init.put(parts[1], parts[2]);
        else if (parts.length >= 2 && "tools/list".equals(parts[0])) tools = line.substring("tools/list ".length());
        else return null;
      }
      return init.isEmpty() || tools == null ? null : new CannedAnswers(Map.copyOf(init), tools);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Writes the answers for {@code jar}; results must be single-line JSON objects as the SDK wrote them. */
  void write(Path file, Path jar) {
    StringBuilder s = new StringBuilder(HEADER).append('\n').append(stamp(jar)).append('\n');
    initializeByVersion.forEach((v, r) -> s.append("initialize ").append(v).append(' ').append(oneLine(r)).append('\n'));
    s.append("tools/list ").append(oneLine(toolsList)).append('\n');
    try {
      Files.writeString(file, s, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The initialize result for a client asking for {@code version}, or null: then the SDK negotiates. */
  String initialize(String version) {
    return version == null ? null : initializeByVersion.get(version);
  }

  private static String oneLine(String json) {
    if (json.indexOf('\n') >= 0 || json.indexOf('\r') >= 0) throw new IllegalArgumentException("not one line");
    return json;
  }

  private static String stamp(Path jar) {
    try {
      return new StringBuilder("jar ").append(Files.size(jar)).append(' ')
          .append(Files.getLastModifiedTime(jar).toMillis()).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
