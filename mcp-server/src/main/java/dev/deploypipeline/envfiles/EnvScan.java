package dev.deploypipeline.envfiles;

import dev.deploypipeline.compose.EnvFile;
import dev.deploypipeline.secrets.SecretDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Secrets in plain text in env files (and real-looking ones in {@code .env.example}), by the one secret detector:
 * a known token format, a secret-looking name, or a high-entropy value. Encrypted values are counted, not flagged.
 */
public record EnvScan(List<Finding> findings, int encrypted) implements EnvReport {
  public record Finding(String environment, Path file, int line, String key, SecretDetector.Reason reason,
      String why) {
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("environment", environment);
      m.put("file", file.toString());
      m.put("line", line);
      m.put("key", key);
      m.put("reason", reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
      m.put("why", why);
      return m;
    }
  }

  public static EnvScan of(Path projectDir, List<String> only) {
    List<EnvSource> sources = new ArrayList<>(EnvSelection.sources(projectDir, only));
    if ((only == null || only.isEmpty()) && Files.isRegularFile(projectDir.resolve(EnvFiles.EXAMPLE))) {
      sources.add(new EnvSource("example", Path.of(EnvFiles.EXAMPLE)));
    }
    List<Finding> out = new ArrayList<>();
    int encrypted = 0;
    for (EnvSource s : sources) {
      EnvDoc doc = EnvDoc.read(projectDir, s);
      encrypted += doc.encryptedKeys().size();
      for (EnvFile.Line l : doc.entries().values()) {
        doc.plaintextSecret(l.key())
            // An example may name a secret as long as its value is a placeholder, not a real-looking one.
            .filter(hit -> !s.environment().equals("example") || hit.reason() != SecretDetector.Reason.NAME)
            .ifPresent(hit -> out.add(new Finding(s.environment(), s.file(), l.line(), l.key(), hit.reason(),
                hit.describe())));
      }
    }
    return new EnvScan(out, encrypted);
  }

  @Override
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("findings", findings.stream().map(Finding::toMap).toList());
    m.put("plaintextSecrets", findings.size());
    m.put("encrypted", encrypted);
    return m;
  }

  @Override
  public boolean found() {
    return !findings.isEmpty();
  }

  @Override
  public String text() {
    StringBuilder sb = new StringBuilder();
    for (Finding f : findings) {
      sb.append(f.file()).append(':').append(f.line()).append(": ").append(f.key()).append(": ").append(f.why())
          .append('\n');
    }
    sb.append(findings.isEmpty() ? "no secrets in plain text" : findings.size() + " secret(s) in plain text: encrypt "
        + "them with `deployment-pipeline env encrypt ENV --detected`");
    sb.append(" (").append(encrypted).append(" encrypted value(s))");
    return sb.toString();
  }
}
