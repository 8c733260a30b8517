package dev.deploypipeline.envfiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sets keys in an env file, keeping every other line (comments, order, blank lines) as it was: a key's first
 * assignment is replaced, later ones are dropped, a new key is appended. The file is replaced atomically.
 */
final class EnvFileEditor {
  private EnvFileEditor() {}

  static void set(Path file, Map<String, String> values) {
    try {
      List<String> lines = Files.exists(file) ? new ArrayList<>(Files.readAllLines(file)) : new ArrayList<>();
      Map<String, String> pending = new LinkedHashMap<>(values);
      List<String> out = new ArrayList<>();
      java.util.Set<String> done = new java.util.HashSet<>();
      for (String line : lines) {
        String key = keyOf(line);
        if (key != null && values.containsKey(key)) {
          String export = line.stripLeading().startsWith("export ") ? "export " : "";
          if (done.add(key)) out.add(export + key + "=" + values.get(key));
          pending.remove(key);
        } else {
          out.add(line);
        }
      }
      pending.forEach((k, v) -> out.add(k + "=" + v));
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, String.join("\n", out) + "\n");
      if (Files.exists(file)) {
        Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(file));
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new EnvFileException("cannot write " + file + ": " + e.getMessage(), "check that the file is writable");
    }
  }

  private static String keyOf(String raw) {
    String line = raw.strip();
    if (line.startsWith("#")) return null;
    if (line.startsWith("export ")) line = line.substring(7).stripLeading();
    int eq = line.indexOf('=');
    return eq <= 0 ? null : line.substring(0, eq).strip();
  }
}
