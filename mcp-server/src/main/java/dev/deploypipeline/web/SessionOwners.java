package dev.deploypipeline.web;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which user opened each MCP session. A session id travels in a header, so without this anyone holding any valid
 * token and a leaked id could act inside another user's session (and answer their elicitations). Bounded: the
 * oldest sessions are forgotten first, and a forgotten session is refused, so its client starts a new one.
 */
final class SessionOwners {
  static final int MAX = 10_000;

  private final Map<String, String> owners = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > MAX;
    }
  };

  synchronized void opened(String sessionId, String actor) {
    owners.put(sessionId, actor);
  }

  synchronized void closed(String sessionId) {
    owners.remove(sessionId);
  }

  /** True when {@code actor} opened {@code sessionId} here (and it is not forgotten). */
  synchronized boolean owns(String sessionId, String actor) {
    String owner = owners.get(sessionId);
    return owner != null && owner.equals(actor);
  }
}
