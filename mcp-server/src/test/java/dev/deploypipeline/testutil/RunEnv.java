package dev.deploypipeline.testutil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The KEY=value file a scripts/*.sh server writes under .cache/, found from the working directory upwards. */
final class RunEnv {
  private RunEnv() {}

  /** {@code relative} is e.g. {@code .cache/postgres-run/postgres.env}; empty when no such file is found. */
  static Map<String, String> read(String relative) {
    Map<String, String> vars = new LinkedHashMap<>();
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path f = dir.resolve(relative);
      if (Files.isRegularFile(f)) {
        try {
          for (String line : Files.readAllLines(f)) {
            int eq = line.indexOf('=');
            if (eq > 0) vars.put(line.substring(0, eq), line.substring(eq + 1));
          }
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
        break;
      }
    }
    return vars;
  }
}
