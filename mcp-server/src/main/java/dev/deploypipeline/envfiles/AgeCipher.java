package dev.deploypipeline.envfiles;

import com.exceptionfactory.jagged.RecipientStanza;
import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.framework.stream.StandardDecryptingChannelFactory;
import com.exceptionfactory.jagged.framework.stream.StandardEncryptingChannelFactory;
import com.exceptionfactory.jagged.x25519.X25519KeyFactory;
import com.exceptionfactory.jagged.x25519.X25519KeyPairGenerator;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;

/**
 * age encryption of one value (X25519 recipients, the format of the {@code age} CLI, by Jagged). A stored value is
 * {@code age:} followed by the standard base64 of a binary age file, so {@code base64 -d | age -d -i KEY} reads it.
 */
public final class AgeCipher {
  public static final String IDENTITY_PREFIX = "AGE-SECRET-KEY-1";
  public static final String RECIPIENT_PREFIX = "age1";

  /** A new key: the identity (secret) and its recipient (public). */
  public record KeyPairText(String identity, String recipient) {}

  /** The ciphertext is not age, or no identity given can open it. */
  public static final class DecryptException extends Exception {
    DecryptException(String message) {
      super(message);
    }
  }

  private AgeCipher() {}

  public static KeyPairText generate() {
    try {
      KeyPair kp = new X25519KeyPairGenerator().generateKeyPair();
      return new KeyPairText(kp.getPrivate().toString(), kp.getPublic().toString());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("X25519 key generation is not available in this JVM", e);
    }
  }

  /** The recipient of an identity; throws IllegalArgumentException when it is not an age X25519 identity. */
  public static String recipientOf(String identity) {
    try {
      return new X25519KeyFactory().translateKey(new SecretKeySpec(identity.getBytes(StandardCharsets.US_ASCII),
          "X25519")).toString();
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("not an age identity (AGE-SECRET-KEY-1…)");
    }
  }

  public static boolean isRecipient(String s) {
    try {
      X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(s);
      return s.startsWith(RECIPIENT_PREFIX);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** {@code age:BASE64} of {@code plaintext} encrypted to every recipient. */
  public static String encrypt(String plaintext, List<String> recipients) {
    return encrypt(plaintext, recipients, List.of());
  }

  /**
   * The same, with extra stanzas in the age header. age readers skip stanza types they do not know (the spec's
   * "grease"), and the header MAC covers them, so a label there is readable without a key and cannot be altered.
   */
  static String encrypt(String plaintext, List<String> recipients, List<RecipientStanza> labels) {
    try {
      List<RecipientStanzaWriter> writers = new ArrayList<>();
      for (String r : recipients) writers.add(X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(r));
      if (!labels.isEmpty()) writers.add(fileKey -> labels);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (WritableByteChannel ch = new StandardEncryptingChannelFactory()
          .newEncryptingChannel(Channels.newChannel(bytes), writers)) {
        ch.write(ByteBuffer.wrap(plaintext.getBytes(StandardCharsets.UTF_8)));
      }
      return EnvDoc.ENCRYPTED_PREFIX + Base64.getEncoder().encodeToString(bytes.toByteArray());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot encrypt: " + e.getMessage());
    }
  }

  /** The plaintext of an {@code age:BASE64} value, opened by any of {@code identities}. */
  public static String decrypt(String stored, List<String> identities) throws DecryptException {
    if (!EnvDoc.encrypted(stored)) throw new DecryptException("the value is not age:BASE64");
    byte[] file;
    try {
      file = Base64.getDecoder().decode(stored.substring(EnvDoc.ENCRYPTED_PREFIX.length()).strip());
    } catch (IllegalArgumentException e) {
      throw new DecryptException("the value after age: is not base64");
    }
    try {
      List<RecipientStanzaReader> readers = new ArrayList<>();
      for (String id : identities) readers.add(X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(id));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ReadableByteChannel ch = new StandardDecryptingChannelFactory()
          .newDecryptingChannel(Channels.newChannel(new ByteArrayInputStream(file)), readers)) {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        while (ch.read(buf) >= 0) {
          buf.flip();
          out.write(buf.array(), 0, buf.limit());
          buf.clear();
        }
      }
      return out.toString(StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IOException e) {
      // Jagged's messages say which step failed (no matching recipient stanza, a bad header); never the key.
      throw new DecryptException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }
}
