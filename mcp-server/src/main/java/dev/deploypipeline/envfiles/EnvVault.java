package dev.deploypipeline.envfiles;

import dev.deploypipeline.secrets.Redaction;
import dev.deploypipeline.secrets.Redactor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Encrypted values of env files: key pairs per environment, encrypting a value into its env file (only the
 * recipients are needed), and decrypting an environment's values for a process. Every decrypted value is taught
 * to the process's redactor before it is returned, so it cannot reach a log, the store, the audit trail or output.
 */
public final class EnvVault {
  private final Path projectDir;
  private final AgeKeys keys;
  private final Clock clock;
  private final Map<String, Path> envFiles;

  public EnvVault(Path projectDir, Map<String, String> env, Clock clock) {
    this(projectDir, env, clock, Map.of());
  }

  /** {@code envFiles}: the env file the config names for an environment ({@code environments.X.envFile}). */
  public EnvVault(Path projectDir, Map<String, String> env, Clock clock, Map<String, Path> envFiles) {
    this.projectDir = projectDir;
    this.keys = new AgeKeys(projectDir, env);
    this.clock = clock;
    this.envFiles = Map.copyOf(envFiles);
  }

  /** The environment's file: the configured one, else by name. */
  public EnvSource source(String environment) {
    return EnvFiles.of(projectDir, environment, envFiles);
  }

  Path projectDir() {
    return projectDir;
  }

  Clock clock() {
    return clock;
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
    EnvSource source = source(environment);
    Path identity = keys.identityFile(source.environment());
    if (Files.exists(identity)) {
      throw new EnvKeyException("environment " + source.environment() + " already has an age identity file "
          + identity, "keep it (its recipient is in " + EnvFiles.recipientsFile(source) + "), or move it away "
          + "first: values encrypted to it could no longer be read");
    }
    AgeCipher.KeyPairText pair = AgeCipher.generate();
    try {
      writePrivate(identity, identityText(pair, "created"));
      Path recipients = projectDir.resolve(EnvFiles.recipientsFile(source));
      String head = Files.exists(recipients) ? "" : recipientsHead(source);
      Files.writeString(recipients, head + recipientLine(pair.recipient(), "added " + clock.instant()),
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new EnvKeyException("cannot write the age key of environment " + source.environment() + " to "
          + identity + ": " + e.getMessage(), "check that the directory is writable, or set "
          + AgeKeys.IDENTITY_VARIABLE + " to another file");
    }
    return new KeygenResult(source.environment(), identity, EnvFiles.recipientsFile(source), pair.recipient());
  }

  String identityText(AgeCipher.KeyPairText pair, String what) {
    return "# " + what + ": " + clock.instant() + "\n# public key: " + pair.recipient() + " (key id "
        + AgeKeys.keyId(pair.recipient()) + ")\n" + pair.identity() + "\n";
  }

  static String recipientsHead(EnvSource source) {
    return "# age recipients of environment " + source.environment() + ": values in " + source.file()
        + " are encrypted to each line\n";
  }

  static String recipientLine(String recipient, String note) {
    return "# key id " + AgeKeys.keyId(recipient) + ", " + note + "\n" + recipient + "\n";
  }

  /** Writes a file only this user can read (its directory too, when new), replacing it atomically. */
  static void writePrivate(Path file, String text) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    Path tmp = dir.resolve(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, text);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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
    EnvSource source = source(environment);
    String cipher = SealedSecret.seal(source.environment(), key, value, keys.recipients(source));
    EnvDoc before = EnvDoc.read(projectDir, source);
    String change = !before.entries().containsKey(key) ? "added"
        : before.isEncrypted(key) ? "replaced-encrypted" : "replaced-plaintext";
    EnvFileEditor.set(projectDir.resolve(source.file()), Map.of(key, cipher));
    return new Encrypted(source.environment(), source.file(), key, change);
  }

  /** Encrypts, in place, every plain value of the environment's file that the secret detector flags. */
  public List<String> encryptDetected(String environment) {
    EnvSource source = source(environment);
    EnvDoc doc = EnvDoc.read(projectDir, source);
    List<String> found = doc.plaintextSecrets();
    if (found.isEmpty()) return found;
    List<String> recipients = keys.recipients(source);
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> learn = new LinkedHashMap<>();
    for (String k : found) {
      learn.put(doc.value(k), k);
      values.put(k, SealedSecret.seal(source.environment(), k, doc.value(k), recipients));
    }
    Redaction.learn(Redactor.named(learn));
    EnvFileEditor.set(projectDir.resolve(source.file()), values);
    return found;
  }

  /**
   * The decrypted values of the environment's encrypted keys, by key; empty when it has none (no key needed then).
   * Each value is taught to the redactor first. A value bound to another environment or variable is refused.
   */
  public Map<String, String> decrypt(String environment) {
    Map<String, String> out = new LinkedHashMap<>();
    open(source(environment)).forEach((k, o) -> out.put(k, o.value()));
    return out;
  }

  /** Every encrypted value of the file opened and checked against its binding; taught to the redactor. */
  Map<String, SealedSecret.Opened> open(EnvSource source) {
    EnvDoc doc = EnvDoc.read(projectDir, source);
    Map<String, SealedSecret.Opened> out = new LinkedHashMap<>();
    List<String> encrypted = doc.encryptedKeys();
    if (encrypted.isEmpty()) return out;
    List<String> identities = keys.identities(source.environment(), wantedKeyIds(source, doc));
    for (String k : encrypted) {
      SealedSecret.Opened o;
      try {
        o = SealedSecret.open(doc.value(k), identities);
      } catch (AgeCipher.DecryptException e) {
        throw cannotOpen(source, k, doc.value(k), identities, e.getMessage());
      }
      if (o.bound() && !SealedSecret.sameEnvironment(o.binding().environment(), source.environment())) {
        throw new EnvKeyException(k + " in " + source.file() + " was encrypted for environment "
            + o.binding().environment() + ", not " + source.environment() + " (key id "
            + String.join(", ", o.binding().keyIds()) + "): a value is bound to its environment and is not "
            + "opened anywhere else", "encrypt " + source.environment() + "'s own value: `deployment-pipeline env "
            + "encrypt " + source.environment() + " " + k + "`");
      }
      if (o.bound() && !o.binding().key().equals(k)) {
        throw new EnvKeyException(k + " in " + source.file() + " of environment " + source.environment()
            + " holds the value encrypted for " + o.binding().key() + ": a value is bound to its variable",
            "encrypt " + k + "'s own value: `deployment-pipeline env encrypt " + source.environment() + " " + k + "`");
      }
      out.put(k, o);
    }
    Map<String, String> learn = new LinkedHashMap<>();
    out.forEach((k, o) -> learn.put(o.value(), k));
    Redaction.learn(Redactor.named(learn));
    return out;
  }

  /** The key ids the file's values are encrypted to (their labels), else its recipients file's. */
  List<String> wantedKeyIds(EnvSource source, EnvDoc doc) {
    Set<String> ids = new LinkedHashSet<>();
    for (String k : doc.encryptedKeys()) SealedSecret.label(doc.value(k)).ifPresent(l -> ids.addAll(l.keyIds()));
    if (ids.isEmpty()) {
      try {
        keys.recipients(source).stream().map(AgeKeys::keyId).forEach(ids::add);
      } catch (EnvKeyException e) {
        // No readable recipients file: the error then names the identity file only.
      }
    }
    return List.copyOf(ids);
  }

  private EnvKeyException cannotOpen(EnvSource source, String key, String stored, List<String> identities,
      String why) {
    String to = SealedSecret.label(stored).map(l -> "it is encrypted to key id " + String.join(", ", l.keyIds()))
        .orElse("it is unbound (written before key ids were recorded); " + EnvFiles.recipientsFile(source)
            + " lists key id " + String.join(", ", wantedKeyIds(source, EnvDoc.read(projectDir, source))));
    return new EnvKeyException("the age identity in " + keys.identityFile(source.environment()) + " (key id "
        + String.join(", ", AgeKeys.keyIdsOf(identities)) + ") cannot decrypt " + key + " of environment "
        + source.environment() + " (" + source.file() + "): " + to + " (" + why + ")",
        "use the identity whose recipient is in " + EnvFiles.recipientsFile(source) + ", or encrypt " + key
            + " again with `deployment-pipeline env encrypt " + source.environment() + " " + key + "`");
  }

  /** The environment's whole file as a process sees it: plain values as written, encrypted ones decrypted. */
  public Map<String, String> environment(String environment) {
    EnvSource source = source(environment);
    Map<String, String> out = new LinkedHashMap<>();
    EnvDoc.read(projectDir, source).entries().forEach((k, l) -> out.put(k, l.value()));
    out.putAll(decrypt(environment));
    return out;
  }
}
