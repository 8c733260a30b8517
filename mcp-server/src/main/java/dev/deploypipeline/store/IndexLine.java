package dev.deploypipeline.store;

import dev.deploypipeline.workflow.State;
import java.time.Instant;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The few members of an index line that its slot keeps, read with the streaming parser alone (no summary object):
 * building slots for a whole index written by an older version reads every line once.
 */
final class IndexLine {
  /** The line's id number, or -1 for a header, a non-numbered id or a line that does not parse. */
  record Scanned(long number, IndexSlots.Slot slot) {}

  // jackson-core's own factory: the store's mapper is not needed to read a line, and is costly to build.
  private static final JsonFactory JSON = new JsonFactory();

  private IndexLine() {}

  static Scanned scan(byte[] buf, int off, int len, long fileOffset) {
    String id = null;
    String service = null;
    String state = null;
    String created = null;
    try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), buf, off, len)) {
      if (p.nextToken() != JsonToken.START_OBJECT) return null;
      for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (v.isStructStart()) {
          p.skipChildren();
          continue;
        }
        switch (name) {
          case "id" -> id = p.getString();
          case "service" -> service = p.getString();
          case "state" -> state = p.getString();
          case "createdAt" -> created = p.getString();
          default -> { }
        }
      }
    } catch (RuntimeException e) {
      return null;
    }
    long number = SummaryIndex.idNumber(id);
    State st = state == null ? null : State.fromId(state).orElse(null);
    if (number < 0 || st == null) return null;
    long createdMs;
    try {
      createdMs = created == null ? 0 : Instant.parse(created).toEpochMilli();
    } catch (RuntimeException e) {
      createdMs = 0;
    }
    return new Scanned(number, new IndexSlots.Slot(fileOffset, len, createdMs, hash(service), hash(st.id())));
  }

  static int hash(String service) {
    return service == null ? 0 : service.hashCode();
  }

  /** Whether a slot's state is not terminal; an unknown state counts as active, so that status never hides it. */
  static boolean active(IndexSlots.Slot s) {
    State st = STATES.get(s.stateHash());
    return st == null || !st.isTerminal();
  }

  private static final java.util.Map<Integer, State> STATES = new java.util.HashMap<>();

  static {
    for (State st : State.values()) STATES.put(hash(st.id()), st);
  }
}
