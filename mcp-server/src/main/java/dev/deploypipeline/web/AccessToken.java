package dev.deploypipeline.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The one secret that opens the web host: random per start (printed once, like Jupyter's) or read from a file.
 * Compared in constant time over digests, so neither the content nor the length leaks through timing.
 */
public final class AccessToken {
  static final int MIN_FILE_TOKEN_LENGTH = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String value;
  private final byte[] digest;
  private final boolean fromFile;

  private AccessToken(String value, boolean fromFile) {
    this.value = value;
    this.digest = sha256(value);
    this.fromFile = fromFile;
  }

  public static AccessToken random() {
    return new AccessToken(randomText(32), false);
  }

  /** The file's first line, trimmed; errors say what is wrong without showing the content. */
  public static AccessToken fromFile(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IllegalArgumentException("--token-file " + file + ": cannot read it (" + e.getClass().getSimpleName()
          + "); create it with a random token, e.g. `openssl rand -hex 32 > " + file + "`");
    }
    int nl = text.indexOf('\n');
    if (nl >= 0) text = text.substring(0, nl).strip();
    if (text.length() < MIN_FILE_TOKEN_LENGTH || !text.matches("[\\x21-\\x7e]+")) {
      throw new IllegalArgumentException("--token-file " + file + ": the token must be at least "
          + MIN_FILE_TOKEN_LENGTH + " printable characters without spaces; e.g. `openssl rand -hex 32 > " + file + "`");
    }
    return new AccessToken(text, true);
  }

  static String randomText(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** A key for {@code purpose} derived from the token (HMAC-SHA-256), so the token itself keys nothing directly. */
  byte[] derivedKey(String purpose) {
    try {
      javax.crypto.Mac m = javax.crypto.Mac.getInstance("HmacSHA256");
      m.init(new javax.crypto.spec.SecretKeySpec(value.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return m.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public boolean matches(String presented) {
    return presented != null && MessageDigest.isEqual(digest, sha256(presented));
  }

  /** The value, for the one start-up line that shows it (random tokens only) and for test clients. */
  public String value() {
    return value;
  }

  public boolean fromFile() {
    return fromFile;
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "AccessToken[" + (fromFile ? "from file" : "random") + "]";
  }
}
