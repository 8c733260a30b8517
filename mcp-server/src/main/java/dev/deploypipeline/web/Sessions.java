package dev.deploypipeline.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Browser sessions made by a good token at {@code /login}, kept in the {@code dp_session} cookie itself: a random
 * id, when it was issued, and an HMAC over both keyed by the token. Nothing is stored, so a session lasts as long
 * as its token: across restarts with {@code --token-file}, until the next start with a random token. Each session
 * has its own CSRF token for forms, derived the same way.
 */
final class Sessions {
  static final String COOKIE = "dp_session";
  static final Duration MAX_AGE = Duration.ofHours(12);

  record Session(String id, String csrf, Instant created) {}

  private final Clock clock;
  private final SecretKeySpec key;

  Sessions(Clock clock, AccessToken token) {
    this.clock = clock;
    this.key = new SecretKeySpec(token.derivedKey("dp_session v1"), "HmacSHA256");
  }

  Session create() {
    String nonce = AccessToken.randomText(18);
    long issued = clock.instant().getEpochSecond();
    String body = nonce + "." + issued;
    return new Session(body + "." + mac(body), mac("csrf " + nonce), Instant.ofEpochSecond(issued));
  }

  /** The session a cookie value proves, or null (forged, made with another token, or expired). */
  Session find(String cookie) {
    if (cookie == null) return null;
    String[] p = cookie.split("\\.", -1);
    if (p.length != 3) return null;
    String body = p[0] + "." + p[1];
    if (!MessageDigest.isEqual(mac(body).getBytes(StandardCharsets.US_ASCII), p[2].getBytes(StandardCharsets.US_ASCII))) {
      return null;
    }
    Instant issued;
    try {
      issued = Instant.ofEpochSecond(Long.parseLong(p[1]));
    } catch (NumberFormatException e) {
      return null;
    }
    Instant now = clock.instant();
    if (issued.plus(MAX_AGE).isBefore(now) || issued.isAfter(now.plus(Duration.ofMinutes(5)))) return null;
    return new Session(cookie, mac("csrf " + p[0]), issued);
  }

  private String mac(String text) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(key);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(m.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
