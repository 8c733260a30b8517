package dev.deploypipeline.envfiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An environment's encrypted values by name: whether each is bound to this environment and variable, and which keys
 * (key ids) it is encrypted to, read from the label in its age header, so no key is needed and no value is opened.
 * {@code found} when something needs a rotation: an unbound value, one bound elsewhere (copied from another
 * environment or variable), one encrypted to a key that is no longer a recipient, or a secret in plain text.
 */
public record EnvSecretList(String environment, Path file, Path recipientsFile, List<String> recipientKeyIds,
    List<Row> secrets, List<String> plaintextSecrets) implements EnvReport {
  public static final String BOUND = "bound";
  public static final String UNBOUND = "unbound";
  public static final String FOREIGN = "foreign";
  /** Every binding a row can have, in the order the env-management skill's table lists them. */
  public static final List<String> BINDINGS = List.of(BOUND, UNBOUND, FOREIGN);

  /** One encrypted value: its binding ({@code bound}, {@code unbound}, {@code foreign}) and key ids. */
  public record Row(String key, String binding, String boundTo, List<String> keyIds, boolean current) {
    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("key", key);
      m.put("binding", binding);
      if (boundTo != null) m.put("boundTo", boundTo);
      m.put("keyIds", keyIds);
      m.put("current", current);
      return m;
    }

    boolean attention() {
      return !binding.equals(BOUND) || !current;
    }
  }

  public static EnvSecretList of(EnvVault vault, String environment) {
    EnvSource source = vault.source(environment);
    EnvDoc doc = EnvDoc.read(vault.projectDir(), source);
    Path recipients = EnvFiles.recipientsFile(source);
    List<String> recipientIds = Files.exists(vault.projectDir().resolve(recipients))
        ? vault.keys().recipients(source).stream().map(AgeKeys::keyId).toList() : List.of();
    List<Row> rows = new ArrayList<>();
    for (String k : doc.encryptedKeys()) {
      rows.add(SealedSecret.label(doc.value(k)).map(l -> {
        boolean here = SealedSecret.sameEnvironment(l.environment(), source.environment()) && l.key().equals(k);
        return new Row(k, here ? BOUND : FOREIGN, here ? null : l.environment() + "/" + l.key(), l.keyIds(),
            recipientIds.containsAll(l.keyIds()));
      }).orElseGet(() -> new Row(k, UNBOUND, null, List.of(), false)));
    }
    return new EnvSecretList(source.environment(), source.file(), recipients, recipientIds, rows,
        doc.plaintextSecrets());
  }

  @Override
  public boolean found() {
    return !plaintextSecrets.isEmpty() || secrets.stream().anyMatch(Row::attention);
  }

  @Override
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("environment", environment);
    m.put("file", file.toString());
    m.put("recipientsFile", recipientsFile.toString());
    m.put("recipientKeyIds", recipientKeyIds);
    m.put("secrets", secrets.stream().map(Row::toMap).toList());
    m.put("plaintextSecrets", plaintextSecrets);
    return m;
  }

  @Override
  public String text() {
    StringBuilder sb = new StringBuilder(environment + " (" + file + "): recipients " + recipientsFile + " "
        + (recipientKeyIds.isEmpty() ? "(none)" : "key id " + String.join(", ", recipientKeyIds)) + "\n");
    if (secrets.isEmpty()) sb.append("no encrypted values\n");
    else sb.append(String.format("%-28s %-8s %s%n", "SECRET", "BINDING", "KEY IDS"));
    for (Row r : secrets) {
      String ids = r.keyIds().isEmpty() ? "? (not recorded)" : String.join(", ", r.keyIds())
          + (r.current() ? "" : " (not a current recipient)");
      sb.append(String.format("%-28s %-8s %s%n", r.key(), r.binding(), ids
          + (r.boundTo() == null ? "" : " - encrypted for " + r.boundTo())));
    }
    if (secrets.stream().anyMatch(Row::attention)) {
      sb.append("`deployment-pipeline env rotate ").append(environment).append(" --reencrypt` binds and encrypts "
          + "every value again to the current recipients (a foreign value does not open here: encrypt its own)\n");
    }
    if (!plaintextSecrets.isEmpty()) {
      sb.append("in plain text: ").append(String.join(", ", plaintextSecrets)).append(" (`deployment-pipeline env "
          + "encrypt ").append(environment).append(" --detected` encrypts them)\n");
    }
    return sb.toString().stripTrailing();
  }
}
