package dev.deploypipeline.envfiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Key rotation of one environment. {@link #rotate} makes a new key pair and encrypts every value again to it alone
 * (bound to the environment and variable, so values written before binding are rebound); the old identity stays in
 * the identity file, after the new one, so whoever has not received the new key yet keeps working on the old values
 * until {@link #retireOld} drops it. {@link #reencrypt} encrypts every value again to the recipients file as it is,
 * after a recipient was added or removed.
 */
public final class EnvRotation {
  /** What a rotation did; key ids only, never a key or a value. */
  public record Result(String environment, Path envFile, Path recipientsFile, Path identityFile, List<String> keyIds,
      List<String> retiredKeyIds, List<String> reencrypted, List<String> rebound) {}

  /** The line rotate leaves for each replaced recipient: {@code # retired TIME (key id ID): age1…}. */
  private static final Pattern RETIRED = Pattern.compile("# retired \\S+ \\(key id [0-9a-f]+\\): (age1[0-9a-z]+)");

  private final EnvVault vault;

  public EnvRotation(EnvVault vault) {
    this.vault = vault;
  }

  public Result rotate(String environment) {
    EnvSource source = vault.source(environment);
    Map<String, SealedSecret.Opened> opened = vault.open(source);
    Path identityFile = vault.keys().identityFile(source.environment());
    List<String> oldRecipients = existingRecipients(source);
    AgeCipher.KeyPairText pair = AgeCipher.generate();
    String now = vault.clock().instant().toString();
    try {
      String old = Files.exists(identityFile) ? Files.readString(identityFile) : "";
      String kept = old.isEmpty() ? "" : "# the keys before it, kept until `deployment-pipeline env rotate "
          + source.environment() + " --retire-old`:\n" + old;
      EnvVault.writePrivate(identityFile, vault.identityText(pair, "rotated") + kept);
    } catch (IOException e) {
      throw new EnvKeyException("cannot write the new age key of environment " + source.environment() + " to "
          + identityFile + ": " + e.getMessage() + "; nothing was changed", "check that the file is writable");
    }
    StringBuilder recipients = new StringBuilder(EnvVault.recipientsHead(source))
        .append(EnvVault.recipientLine(pair.recipient(), "rotated " + now));
    for (String r : oldRecipients) {
      recipients.append("# retired ").append(now).append(" (key id ").append(AgeKeys.keyId(r)).append("): ")
          .append(r).append('\n');
    }
    writeRecipients(source, recipients.toString());
    List<String> retired = oldRecipients.stream().map(AgeKeys::keyId).toList();
    return write(source, opened, List.of(pair.recipient()), identityFile, retired);
  }

  public Result reencrypt(String environment) {
    EnvSource source = vault.source(environment);
    Map<String, SealedSecret.Opened> opened = vault.open(source);
    return write(source, opened, vault.keys().recipients(source), vault.keys().identityFile(source.environment()),
        List.of());
  }

  /**
   * Drops the identities this environment's rotations retired (the {@code # retired} lines of its recipients file),
   * once every value opens without them. Other identities in the file stay: one file may hold several
   * environments' keys.
   */
  public Result retireOld(String environment) {
    EnvSource source = vault.source(environment);
    AgeKeys keys = vault.keys();
    List<String> recipients = keys.recipients(source);
    Path identityFile = keys.identityFile(source.environment());
    List<String> all = keys.identities(source.environment(), recipients.stream().map(AgeKeys::keyId).toList());
    Set<String> gone = retiredRecipients(source);
    List<String> keep = all.stream().filter(i -> !gone.contains(AgeCipher.recipientOf(i))).toList();
    List<String> retired = all.stream().filter(i -> !keep.contains(i)).map(i -> AgeKeys.keyId(AgeCipher.recipientOf(i)))
        .toList();
    if (keep.stream().noneMatch(i -> recipients.contains(AgeCipher.recipientOf(i)))) {
      throw new EnvKeyException("none of the age identities in " + identityFile + " (key id "
          + String.join(", ", AgeKeys.keyIdsOf(all)) + ") belongs to a recipient of environment "
          + source.environment() + " in " + EnvFiles.recipientsFile(source) + "; nothing was retired",
          "get the environment's current identity first, or run `deployment-pipeline env rotate "
              + source.environment() + "` to make one");
    }
    EnvDoc doc = EnvDoc.read(vault.projectDir(), source);
    for (String k : doc.encryptedKeys()) {
      try {
        SealedSecret.open(doc.value(k), keep);
      } catch (AgeCipher.DecryptException e) {
        throw new EnvKeyException(k + " of environment " + source.environment() + " (" + source.file() + ") still "
            + "needs a key that would be retired (" + SealedSecret.label(doc.value(k)).map(l -> "key id "
            + String.join(", ", l.keyIds())).orElse("an unbound value") + "); nothing was retired",
            "run `deployment-pipeline env rotate " + source.environment() + " --reencrypt` first");
      }
    }
    StringBuilder text = new StringBuilder("# key id " + String.join(", ", retired) + " retired "
        + vault.clock().instant() + "\n");
    for (String i : keep) {
      String r = AgeCipher.recipientOf(i);
      text.append("# public key: ").append(r).append(" (key id ").append(AgeKeys.keyId(r)).append(")\n")
          .append(i).append('\n');
    }
    try {
      if (!retired.isEmpty()) EnvVault.writePrivate(identityFile, text.toString());
    } catch (IOException e) {
      throw new EnvKeyException("cannot rewrite the age identity file " + identityFile + " of environment "
          + source.environment() + ": " + e.getMessage(), "check that the file is writable");
    }
    return new Result(source.environment(), source.file(), EnvFiles.recipientsFile(source), identityFile,
        AgeKeys.keyIdsOf(keep), retired, List.of(), List.of());
  }

  private Result write(EnvSource source, Map<String, SealedSecret.Opened> opened, List<String> recipients,
      Path identityFile, List<String> retired) {
    Map<String, String> values = new LinkedHashMap<>();
    List<String> rebound = new ArrayList<>();
    opened.forEach((k, o) -> {
      values.put(k, SealedSecret.seal(source.environment(), k, o.value(), recipients));
      if (!o.bound()) rebound.add(k);
    });
    if (!values.isEmpty()) EnvFileEditor.set(vault.projectDir().resolve(source.file()), values);
    return new Result(source.environment(), source.file(), EnvFiles.recipientsFile(source), identityFile,
        recipients.stream().map(AgeKeys::keyId).toList(), retired, List.copyOf(values.keySet()), rebound);
  }

  private Set<String> retiredRecipients(EnvSource source) {
    Set<String> out = new HashSet<>();
    try {
      for (String line : Files.readAllLines(vault.projectDir().resolve(EnvFiles.recipientsFile(source)))) {
        Matcher m = RETIRED.matcher(line.strip());
        if (m.matches()) out.add(m.group(1));
      }
    } catch (IOException e) {
      throw new EnvKeyException("cannot read " + EnvFiles.recipientsFile(source) + " of environment "
          + source.environment() + ": " + e.getMessage(), "check the file's permissions");
    }
    return out;
  }

  private List<String> existingRecipients(EnvSource source) {
    try {
      return vault.keys().recipients(source);
    } catch (EnvKeyException e) {
      if (Files.exists(vault.projectDir().resolve(EnvFiles.recipientsFile(source)))) throw e;
      return List.of();
    }
  }

  private void writeRecipients(EnvSource source, String text) {
    Path file = vault.projectDir().resolve(EnvFiles.recipientsFile(source));
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new EnvKeyException("cannot write " + EnvFiles.recipientsFile(source) + " of environment "
          + source.environment() + ": " + e.getMessage() + "; the new identity is already in "
          + vault.keys().identityFile(source.environment()), "make the file writable and run the rotation again");
    }
  }
}
