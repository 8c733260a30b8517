package dev.deploypipeline.envfiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line per environment: its file, how many keys, how many of them are secrets, how many of those are
 * encrypted, and its recipients file. Names and counts only, never a value. A row is a map so that later
 * environment facts (issue #16: environments as data) add fields without breaking readers.
 */
public record EnvListing(List<Row> environments) implements EnvReport {
  public record Row(String environment, Path file, boolean exists, int keys, int secrets, int encrypted,
      int plaintextSecrets, Path recipients) {
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("environment", environment);
      m.put("file", file.toString());
      m.put("exists", exists);
      m.put("keys", keys);
      m.put("secrets", secrets);
      m.put("encrypted", encrypted);
      m.put("plaintextSecrets", plaintextSecrets);
      if (recipients != null) m.put("recipients", recipients.toString());
      return m;
    }
  }

  /** The listed environments (all discovered ones when {@code only} is empty). */
  public static EnvListing of(Path projectDir, List<String> only) {
    List<EnvSource> sources = EnvSelection.sources(projectDir, only);
    return new EnvListing(sources.stream().map(s -> row(projectDir, s)).toList());
  }

  private static Row row(Path projectDir, EnvSource s) {
    EnvDoc doc = EnvDoc.read(projectDir, s);
    int encrypted = doc.encryptedKeys().size();
    int plain = doc.plaintextSecrets().size();
    Path recipients = EnvFiles.recipientsFile(s);
    return new Row(s.environment(), s.file(), Files.isRegularFile(projectDir.resolve(s.file())), doc.keys().size(),
        encrypted + plain, encrypted, plain, Files.isRegularFile(projectDir.resolve(recipients)) ? recipients : null);
  }

  @Override
  public Map<String, Object> toMap() {
    return Map.of("environments", environments.stream().map(Row::toMap).toList());
  }

  @Override
  public String text() {
    if (environments.isEmpty()) return "no env files (.env, .env.NAME) in the project";
    StringBuilder sb = new StringBuilder(String.format("%-14s %-24s %5s %8s %10s %s%n", "ENVIRONMENT", "FILE", "KEYS",
        "SECRETS", "ENCRYPTED", "RECIPIENTS"));
    for (Row r : environments) {
      sb.append(String.format("%-14s %-24s %5s %8d %10d %s%n", r.environment(), r.file() + (r.exists() ? "" : " (none)"),
          r.keys(), r.secrets(), r.encrypted(), r.recipients() == null ? "-" : r.recipients()));
    }
    long plain = environments.stream().mapToInt(Row::plaintextSecrets).sum();
    if (plain > 0) sb.append(plain).append(" secret(s) in plain text: `env scan` lists them, `env encrypt ENV --detected` "
        + "encrypts them\n");
    return sb.toString().stripTrailing();
  }
}
