package dev.deploypipeline.envfiles;

import dev.deploypipeline.compose.EnvFile;
import dev.deploypipeline.secrets.SecretDetector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One env file as Compose reads it (the same parser as compose validation), with each key's line. A value
 * {@code age:BASE64} is an age-encrypted secret; every other value is plain text.
 */
public record EnvDoc(EnvSource source, Map<String, EnvFile.Line> entries) {
  public static final String ENCRYPTED_PREFIX = "age:";

  /** Reads the file; an absent file is an empty one (an environment may not have its file yet). */
  public static EnvDoc read(Path projectDir, EnvSource source) {
    Path f = projectDir.resolve(source.file());
    String text;
    try {
      text = Files.readString(f);
    } catch (NoSuchFileException e) {
      text = "";
    } catch (IOException e) {
      throw new EnvFileException("cannot read " + source.file() + " (environment " + source.environment() + "): "
          + e.getMessage(), "check the file's permissions");
    }
    Map<String, EnvFile.Line> entries = new LinkedHashMap<>();
    for (EnvFile.Line l : EnvFile.lines(text)) entries.put(l.key(), l);
    return new EnvDoc(source, entries);
  }

  public static boolean encrypted(String value) {
    return value != null && value.startsWith(ENCRYPTED_PREFIX);
  }

  public boolean isEncrypted(String key) {
    EnvFile.Line l = entries.get(key);
    return l != null && encrypted(l.value());
  }

  public List<String> keys() {
    return List.copyOf(entries.keySet());
  }

  public List<String> encryptedKeys() {
    return entries.keySet().stream().filter(this::isEncrypted).toList();
  }

  /** Why a plain value is a secret (never for an encrypted one: that one is already protected). */
  public Optional<SecretDetector.Hit> plaintextSecret(String key) {
    EnvFile.Line l = entries.get(key);
    if (l == null || encrypted(l.value())) return Optional.empty();
    return SecretDetector.detect(key, l.value());
  }

  public List<String> plaintextSecrets() {
    return entries.keySet().stream().filter(k -> plaintextSecret(k).isPresent()).toList();
  }

  String value(String key) {
    EnvFile.Line l = entries.get(key);
    return l == null ? null : l.value();
  }
}
