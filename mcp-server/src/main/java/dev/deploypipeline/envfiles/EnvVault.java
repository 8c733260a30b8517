package dev.deploypipeline.envfiles;

import dev.deploypipeline.secrets.Redaction;
import dev.deploypipeline.secrets.Redactor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encrypted values of env files: key pairs per environment, encrypting a value into its env file (only the
 * recipients are needed), and decrypting an environment's values for a process. Every decrypted value is taught
 * to the process's redactor before it is returned, so it cannot reach a log, the store, the audit trail or output.
 */
public final class EnvVault {
  private final Path projectDir;
  private final AgeKeys keys;
  private final Clock clock;

  public EnvVault(Path projectDir, Map<String, String> env, Clock clock) {
    this.projectDir = projectDir;
    this.keys = new AgeKeys(projectDir, env);
    this.clock = clock;
  }

  public AgeKeys keys() {
    return keys;
  }

  /** What keygen wrote: the identity file (secret), the recipients file (public) and the recipient. */
  public record KeygenResult(String environment, Path identityFile, Path recipientsFile, String recipient) {}

  /**
   * A new key pair for an environment: the identity into its identity file (mode 600; never overwritten) and the
   * recipient appended to the environment's recipients file in the project.
   */
  public KeygenResult keygen(String environment) {
    EnvSource source = EnvFiles.of(projectDir, environment);
    Path identity = keys.identityFile(source.environment());
    if (Files.exists(identity)) {
      throw new EnvKeyException("environment " + source.environment() + " already has an age identity file "
          + identity, "keep it (its recipient is in " + EnvFiles.recipientsFile(source) + "), or move it away "
          + "first: values encrypted to it could no longer be read");
    }
    AgeCipher.KeyPairText pair = AgeCipher.generate();
    try {
      Path dir = identity.toAbsolutePath().getParent();
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      Files.createFile(identity, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(identity, "# created: " + clock.instant() + "\n# public key: " + pair.recipient() + "\n"
          + pair.identity() + "\n");
      Path recipients = projectDir.resolve(EnvFiles.recipientsFile(source));
      String head = Files.exists(recipients) ? "" : "# age recipients of environment " + source.environment()
          + ": values in " + source.file() + " are encrypted to each line\n";
      Files.writeString(recipients, head + pair.recipient() + "\n", java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new EnvKeyException("cannot write the age key of environment " + source.environment() + " to "
          + identity + ": " + e.getMessage(), "check that the directory is writable, or set "
          + AgeKeys.IDENTITY_VARIABLE + " to another file");
    }
    return new KeygenResult(source.environment(), identity, EnvFiles.recipientsFile(source), pair.recipient());
  }

  /** What encrypt did to one key: {@code added}, {@code replaced-plaintext} or {@code replaced-encrypted}. */
  public record Encrypted(String environment, Path file, String key, String change) {}

  /** Encrypts {@code value} to the environment's recipients and writes it as {@code key}'s value in its env file. */
  public Encrypted encrypt(String environment, String key, String value) {
    if (key == null || !key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new EnvFileException("'" + key + "' is not a variable name", "use letters, digits and _, not starting "
          + "with a digit");
    }
    if (value == null || value.isEmpty()) {
      throw new EnvFileException("no value for " + key + " on standard input", "pipe the value in, e.g. "
          + "`printf %s \"$VALUE\" | deployment-pipeline env encrypt " + environment + " " + key + "`");
    }
    Redaction.learn(Redactor.named(Map.of(value, key)));
    EnvSource source = EnvFiles.of(projectDir, environment);
    String cipher = AgeCipher.encrypt(value, keys.recipients(source));
    EnvDoc before = EnvDoc.read(projectDir, source);
    String change = !before.entries().containsKey(key) ? "added"
        : before.isEncrypted(key) ? "replaced-encrypted" : "replaced-plaintext";
    EnvFileEditor.set(projectDir.resolve(source.file()), Map.of(key, cipher));
    return new Encrypted(source.environment(), source.file(), key, change);
  }

  /** Encrypts, in place, every plain value of the environment's file that the secret detector flags. */
  public List<String> encryptDetected(String environment) {
    EnvSource source = EnvFiles.of(projectDir, environment);
    EnvDoc doc = EnvDoc.read(projectDir, source);
    List<String> found = doc.plaintextSecrets();
    if (found.isEmpty()) return found;
    List<String> recipients = keys.recipients(source);
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> learn = new LinkedHashMap<>();
    for (String k : found) {
      learn.put(doc.value(k), k);
      values.put(k, AgeCipher.encrypt(doc.value(k), recipients));
    }
    Redaction.learn(Redactor.named(learn));
    EnvFileEditor.set(projectDir.resolve(source.file()), values);
    return found;
  }

  /**
   * The decrypted values of the environment's encrypted keys, by key; empty when it has none (no key needed then).
   * Each value is taught to the redactor first.
   */
  public Map<String, String> decrypt(String environment) {
    EnvSource source = EnvFiles.of(projectDir, environment);
    EnvDoc doc = EnvDoc.read(projectDir, source);
    List<String> encrypted = doc.encryptedKeys();
    Map<String, String> out = new LinkedHashMap<>();
    if (encrypted.isEmpty()) return out;
    List<String> identities = keys.identities(source.environment());
    for (String k : encrypted) {
      try {
        out.put(k, AgeCipher.decrypt(doc.value(k), identities));
      } catch (AgeCipher.DecryptException e) {
        throw new EnvKeyException("the age identity in " + keys.identityFile(source.environment()) + " cannot "
            + "decrypt " + k + " of environment " + source.environment() + " (" + source.file() + "): "
            + e.getMessage(), "use the identity whose recipient is in " + EnvFiles.recipientsFile(source)
            + ", or encrypt " + k + " again with `deployment-pipeline env encrypt " + source.environment() + " " + k
            + "`");
      }
    }
    Map<String, String> learn = new LinkedHashMap<>();
    out.forEach((k, v) -> learn.put(v, k));
    Redaction.learn(Redactor.named(learn));
    return out;
  }

  /** The environment's whole file as a process sees it: plain values as written, encrypted ones decrypted. */
  public Map<String, String> environment(String environment) {
    EnvSource source = EnvFiles.of(projectDir, environment);
    Map<String, String> out = new LinkedHashMap<>();
    EnvDoc.read(projectDir, source).entries().forEach((k, l) -> out.put(k, l.value()));
    out.putAll(decrypt(environment));
    return out;
  }
}
