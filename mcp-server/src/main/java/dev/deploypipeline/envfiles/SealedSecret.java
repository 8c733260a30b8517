package dev.deploypipeline.envfiles;

import com.exceptionfactory.jagged.RecipientStanza;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A value bound to its environment and variable. The age plaintext starts with the line
 * {@code deployment-pipeline/v1 ENV KEY}, checked on every decrypt: a value encrypted for staging does not open as
 * prod even for an identity that holds both keys, nor does a value moved to another variable. The age header carries
 * the same as a label stanza {@code -> deployment-pipeline/v1 ENV KEY KEYID…} with the key ids it was encrypted to:
 * age readers skip stanza types they do not know and the header MAC covers it, so {@code env secrets} reads it without
 * a key and it cannot be altered. Values written before binding have neither: they open as they are, reported
 * unbound, until {@code env rotate} rebinds them.
 */
public final class SealedSecret {
  static final String TAG = "deployment-pipeline/v1";
  private static final String AGE_VERSION_LINE = "age-encryption.org/v1";

  /** What a sealed value says it is: its environment, variable and the key ids of its recipients. */
  public record Label(String environment, String key, List<String> keyIds) {}

  /** A decrypted value and its binding (null for a value written before binding). */
  public record Opened(String value, Label binding) {
    public boolean bound() {
      return binding != null;
    }
  }

  private SealedSecret() {}

  /** {@code age:BASE64} of {@code value} bound to {@code environment} and {@code key}, for every recipient. */
  static String seal(String environment, String key, String value, List<String> recipients) {
    List<String> args = new ArrayList<>(List.of(environment, key));
    recipients.stream().map(AgeKeys::keyId).forEach(args::add);
    RecipientStanza label = new RecipientStanza() {
      @Override
      public String getType() {
        return TAG;
      }

      @Override
      public List<String> getArguments() {
        return args;
      }

      @Override
      public byte[] getBody() {
        return new byte[0];
      }
    };
    return AgeCipher.encrypt(TAG + " " + environment + " " + key + "\n" + value, recipients, List.of(label));
  }

  /** The label in a stored value's age header, read without a key; empty for an unbound or foreign value. */
  public static Optional<Label> label(String stored) {
    if (!EnvDoc.encrypted(stored)) return Optional.empty();
    byte[] file;
    try {
      file = Base64.getDecoder().decode(stored.substring(EnvDoc.ENCRYPTED_PREFIX.length()).strip());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    // The header is text up to the MAC line; the payload after it is binary, so only the head is decoded.
    String head = new String(file, 0, Math.min(file.length, 4096), StandardCharsets.ISO_8859_1);
    List<String> lines = head.lines().toList();
    if (lines.isEmpty() || !lines.get(0).equals(AGE_VERSION_LINE)) return Optional.empty();
    for (String line : lines) {
      if (line.startsWith("---")) break;
      String[] parts = line.split(" ");
      if (parts.length >= 4 && parts[0].equals("->") && parts[1].equals(TAG)) {
        return Optional.of(new Label(parts[2], parts[3], List.of(Arrays.copyOfRange(parts, 4, parts.length))));
      }
    }
    return Optional.empty();
  }

  /** Decrypts with any of {@code identities}; the binding line, when present, is split off and returned. */
  static Opened open(String stored, List<String> identities) throws AgeCipher.DecryptException {
    String plain = AgeCipher.decrypt(stored, identities);
    if (!plain.startsWith(TAG + " ")) return new Opened(plain, null);
    int nl = plain.indexOf('\n');
    String[] parts = plain.substring(0, nl < 0 ? plain.length() : nl).split(" ");
    if (nl < 0 || parts.length != 3) throw new AgeCipher.DecryptException("the binding line of the value is damaged");
    Optional<Label> label = label(stored);
    return new Opened(plain.substring(nl + 1), new Label(parts[1], parts[2],
        label.map(Label::keyIds).orElse(List.of())));
  }

  /** Whether a value bound to {@code bound} belongs to {@code environment}: the same name, or its alias. */
  static boolean sameEnvironment(String bound, String environment) {
    return bound.equals(environment) || bound.equals(EnvFiles.ALIASES.get(environment));
  }
}
