package dev.deploypipeline.envfiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where an environment's age keys live. Its recipients (public, committed) are in {@code .env.NAME.recipients}
 * beside its env file, in the format {@code age -R} reads. Its identity (secret, never in the project) is in the
 * file named by {@code DEPLOY_AGE_IDENTITY_NAME} (upper case), else {@code DEPLOY_AGE_IDENTITY}, else
 * {@code ~/.config/deployment-pipeline/age/NAME.key} (under {@code XDG_CONFIG_HOME} when set): the format
 * {@code age -i} reads, as {@code age-keygen} writes it.
 */
public final class AgeKeys {
  public static final String IDENTITY_VARIABLE = "DEPLOY_AGE_IDENTITY";

  private final Path projectDir;
  private final Map<String, String> env;

  /** {@code env} is the process environment (for the identity file's variables and the home directory). */
  public AgeKeys(Path projectDir, Map<String, String> env) {
    this.projectDir = projectDir;
    this.env = env;
  }

  public Path projectDir() {
    return projectDir;
  }

  /** The recipients of an environment; an error naming the file when there is none. */
  public List<String> recipients(EnvSource source) {
    Path file = EnvFiles.recipientsFile(source);
    List<String> lines;
    try {
      lines = keyLines(Files.readAllLines(projectDir.resolve(file)));
    } catch (NoSuchFileException e) {
      throw new EnvKeyException("environment " + source.environment() + " has no age recipients file " + file,
          "run `deployment-pipeline env keygen " + source.environment() + "` to make a key pair, or put the "
              + "recipient (age1…) of an existing key in " + file);
    } catch (IOException e) {
      throw new EnvKeyException("cannot read the age recipients file " + file + " of environment "
          + source.environment() + ": " + e.getMessage(), "check the file's permissions");
    }
    for (String r : lines) {
      if (!AgeCipher.isRecipient(r)) {
        throw new EnvKeyException("the age recipients file " + file + " of environment " + source.environment()
            + " has a line that is not an X25519 recipient (age1…)", "keep one age1… recipient per line ("
            + "comments start with #)");
      }
    }
    if (lines.isEmpty()) {
      throw new EnvKeyException("the age recipients file " + file + " of environment " + source.environment()
          + " lists no recipient", "add the age1… recipient of the environment's key, one per line");
    }
    return lines;
  }

  /**
   * A recipient's short fingerprint, the key id errors and reports name: the first 8 hex digits of the SHA-256 of
   * its {@code age1…} text. Public like the recipient, and short enough to compare by eye.
   */
  public static String keyId(String recipient) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(
          recipient.getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The key ids of identities (through their recipients). */
  public static List<String> keyIdsOf(List<String> identities) {
    return identities.stream().map(i -> keyId(AgeCipher.recipientOf(i))).toList();
  }

  /** The variable naming one environment's identity file: {@code DEPLOY_AGE_IDENTITY_PRODUCTION}. */
  public static String identityVariable(String environment) {
    return IDENTITY_VARIABLE + "_" + environment.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /** The identity file of an environment (it may not exist). */
  public Path identityFile(String environment) {
    String specific = env.get(identityVariable(environment));
    if (specific != null && !specific.isBlank()) return Path.of(specific);
    String general = env.get(IDENTITY_VARIABLE);
    if (general != null && !general.isBlank()) return Path.of(general);
    String xdg = env.get("XDG_CONFIG_HOME");
    Path config = xdg != null && !xdg.isBlank() ? Path.of(xdg)
        : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config");
    return config.resolve("deployment-pipeline").resolve("age").resolve(environment + ".key");
  }

  /** The identities that may open an environment's values; an error naming the file when there are none. */
  public List<String> identities(String environment) {
    return identities(environment, List.of());
  }

  /**
   * The same; {@code wanted} (the key ids the values are encrypted to, when known) goes into the error, so it says
   * which key to look for, not only where.
   */
  public List<String> identities(String environment, List<String> wanted) {
    Path file = identityFile(environment);
    String ids = wanted.isEmpty() ? "" : " (key id " + String.join(", ", wanted) + ")";
    List<String> found;
    try {
      found = identityLines(Files.readAllLines(file));
    } catch (NoSuchFileException e) {
      throw new EnvKeyException("no age identity for environment " + environment + ids + ": " + file
          + " does not exist", "put the environment's identity (AGE-SECRET-KEY-1…, as age-keygen writes it) in "
          + file + ", or set " + identityVariable(environment) + " or " + IDENTITY_VARIABLE + " to its file");
    } catch (IOException e) {
      throw new EnvKeyException("cannot read the age identity file " + file + " of environment " + environment
          + ": " + e.getMessage(), "check the file's permissions (it should be readable by this user only)");
    }
    if (found.isEmpty()) {
      throw new EnvKeyException("the age identity file " + file + " of environment " + environment + ids
          + " holds no identity (AGE-SECRET-KEY-1…)", "put the identity age-keygen wrote in " + file);
    }
    return found;
  }

  static List<String> identityLines(List<String> lines) {
    return keyLines(lines).stream().filter(l -> l.startsWith(AgeCipher.IDENTITY_PREFIX)).toList();
  }

  private static List<String> keyLines(List<String> lines) {
    return lines.stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }
}
