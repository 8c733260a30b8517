package dev.deploypipeline.approval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The principals of an allowed-signers file (git's format: {@code principal[,principal…] [options] keytype key}).
 * The principals on one line are one person's names, so an OS user listed there also answers to the others (for
 * example {@code alice,alice@example.com ssh-ed25519 …}).
 */
public final class AllowedSigners {
  private AllowedSigners() {}

  /** {@code name} plus every principal listed on a line that lists {@code name}. */
  public static Set<String> aliases(Path file, String name) {
    Set<String> out = new LinkedHashSet<>();
    out.add(name);
    if (file == null || !Files.isRegularFile(file)) return out;
    try {
      for (String line : Files.readAllLines(file)) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) continue;
        String first = t.split("\\s+", 2)[0].replace("\"", "");
        List<String> names = List.of(first.split(","));
        if (names.contains(name)) out.addAll(names);
      }
    } catch (IOException e) {
      // unreadable: the name alone
    }
    return out;
  }
}
