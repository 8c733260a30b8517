package dev.deploypipeline.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a dotenv file the way Compose does for interpolation: {@code KEY=VALUE} lines, optional
 * {@code export}, comments, single quotes literal, double quotes with escapes, inline {@code #} comments
 * only after whitespace in unquoted values.
 */
public final class EnvFile {
  /** One {@code KEY=VALUE} line: its key, its value as Compose reads it, and its 1-based line number. */
  public record Line(String key, String value, int line) {}

  private EnvFile() {}

  public static Map<String, String> read(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new ComposeInputException("cannot read env file " + file + ": " + e.getMessage());
    }
  }

  public static Map<String, String> parse(String text) {
    Map<String, String> vars = new LinkedHashMap<>();
    for (Line l : lines(text)) vars.put(l.key(), l.value());
    return vars;
  }

  /** Every assignment in file order (a key set twice appears twice; the last one wins in {@link #parse}). */
  public static java.util.List<Line> lines(String text) {
    java.util.List<Line> out = new java.util.ArrayList<>();
    String[] all = text.split("\r?\n");
    for (int i = 0; i < all.length; i++) {
      String line = all[i].strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      if (line.startsWith("export ")) line = line.substring(7).stripLeading();
      int eq = line.indexOf('=');
      if (eq <= 0) continue;
      out.add(new Line(line.substring(0, eq).strip(), value(line.substring(eq + 1).strip()), i + 1));
    }
    return out;
  }

  private static String value(String v) {
    if (v.length() >= 2 && v.startsWith("'") && v.indexOf('\'', 1) > 0) {
      return v.substring(1, v.indexOf('\'', 1));
    }
    if (v.length() >= 2 && v.startsWith("\"")) {
      int end = v.lastIndexOf('"');
      if (end > 0) {
        return v.substring(1, end).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
      }
    }
    int hash = v.indexOf(" #");
    return (hash >= 0 ? v.substring(0, hash) : v).strip();
  }
}
