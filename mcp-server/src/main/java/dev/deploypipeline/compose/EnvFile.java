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
final class EnvFile {
  private EnvFile() {}

  static Map<String, String> read(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new ComposeInputException("cannot read env file " + file + ": " + e.getMessage());
    }
  }

  static Map<String, String> parse(String text) {
    Map<String, String> vars = new LinkedHashMap<>();
    for (String rawLine : text.split("\r?\n")) {
      String line = rawLine.strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      if (line.startsWith("export ")) line = line.substring(7).stripLeading();
      int eq = line.indexOf('=');
      if (eq <= 0) continue;
      String key = line.substring(0, eq).strip();
      vars.put(key, value(line.substring(eq + 1).strip()));
    }
    return vars;
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
