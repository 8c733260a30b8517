package dev.deploypipeline.store;

import dev.deploypipeline.secrets.Redaction;
import dev.deploypipeline.secrets.Redactor;
import dev.deploypipeline.workflow.Deployment;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * The store's redaction: every string a deployment record or an audit line holds is masked before it is saved,
 * indexed, journaled or hashed into the audit chain (which could not be scrubbed later without breaking it).
 * Fields that hold the state machine's own identifiers are left alone: a secret that happens to equal one must
 * not make the record unreadable.
 */
final class Scrub {
  private static final Set<String> IDENTIFIERS =
      Set.of("state", "status", "outcome", "event", "from", "to", "executor", "environment", "kind", "decision");

  private Scrub() {}

  static Deployment deployment(Deployment d) {
    Redactor r = Redaction.current();
    if (r.isEmpty()) return d;
    JsonNode tree = Json.MAPPER.valueToTree(d);
    return strings(tree, r) ? Json.MAPPER.treeToValue(tree, Deployment.class) : d;
  }

  static AuditRecord audit(AuditRecord a) {
    Redactor r = Redaction.current();
    if (r.isEmpty()) return a;
    JsonNode tree = Json.MAPPER.valueToTree(a);
    return strings(tree, r) ? Json.MAPPER.treeToValue(tree, AuditRecord.class) : a;
  }

  /** Masks the strings under {@code node} in place; true if any changed. */
  private static boolean strings(JsonNode node, Redactor r) {
    boolean changed = false;
    if (node instanceof ObjectNode o) {
      for (Map.Entry<String, JsonNode> e : o.properties()) {
        JsonNode v = e.getValue();
        if (v.isString()) {
          if (IDENTIFIERS.contains(e.getKey())) continue;
          String masked = r.redact(v.stringValue());
          if (!masked.equals(v.stringValue())) {
            e.setValue(StringNode.valueOf(masked));
            changed = true;
          }
        } else {
          changed |= strings(v, r);
        }
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        JsonNode v = a.get(i);
        if (v.isString()) {
          String masked = r.redact(v.stringValue());
          if (!masked.equals(v.stringValue())) {
            a.set(i, StringNode.valueOf(masked));
            changed = true;
          }
        } else {
          changed |= strings(v, r);
        }
      }
    }
    return changed;
  }
}
