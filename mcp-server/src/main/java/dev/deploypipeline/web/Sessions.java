package dev.deploypipeline.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions made by a good token at {@code /login}: a random id in the {@code dp_session} cookie, kept only
 * in memory (a restart logs browsers out), each with its own CSRF token for forms. Bounded in number and age.
 */
final class Sessions {
  static final String COOKIE = "dp_session";
  static final Duration MAX_AGE = Duration.ofHours(12);
  static final int MAX_SESSIONS = 1000;

  record Session(String id, String csrf, Instant created) {}

  private final Map<String, Session> byId = new ConcurrentHashMap<>();
  private final Clock clock;

  Sessions(Clock clock) {
    this.clock = clock;
  }

  Session create() {
    Instant now = clock.instant();
    byId.values().removeIf(s -> expired(s, now));
    if (byId.size() >= MAX_SESSIONS) {
      byId.values().stream().min(java.util.Comparator.comparing(Session::created))
          .ifPresent(oldest -> byId.remove(oldest.id()));
    }
    Session s = new Session(AccessToken.randomText(32), AccessToken.randomText(24), now);
    byId.put(s.id(), s);
    return s;
  }

  Session find(String id) {
    if (id == null) return null;
    Session s = byId.get(id);
    if (s == null) return null;
    if (expired(s, clock.instant())) {
      byId.remove(id);
      return null;
    }
    return s;
  }

  private static boolean expired(Session s, Instant now) {
    return s.created().plus(MAX_AGE).isBefore(now);
  }
}
