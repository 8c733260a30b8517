package dev.deploypipeline.store;

import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Walks audit lines in order and records where the hash chain first breaks (see {@link AuditLog} for the rules). */
final class AuditChainCheck {
  private long lineNo;
  private String expectedPrev = AuditLog.GENESIS;
  private long expectedSeq = 1;
  private String firstProblem;
  private int problems;

  void line(byte[] buf, int off, int len) {
    lineNo++;
    ObjectNode node;
    try {
      JsonNode n = Json.MAPPER.readTree(buf, off, len);
      if (!(n instanceof ObjectNode o)) throw new IllegalArgumentException("not a JSON object");
      node = o;
    } catch (RuntimeException e) {
      problem("line " + lineNo + ": not a valid audit entry (damaged, or torn by a crash during an append)");
      return;
    }
    JsonNode storedHash = node.remove("hash");
    String prev = node.path("prevHash").asString("");
    long seq = node.path("seq").asLong(-1);
    String computed = AuditLog.hash(prev, node);
    if (storedHash == null || !computed.equals(storedHash.asString())) {
      problem("line " + lineNo + " (seq " + seq + "): content does not match its hash; the line was edited");
    } else if (!prev.equals(expectedPrev)) {
      problem(lineNo == 1
          ? "line 1 (seq " + seq + "): does not start the chain; lines before it were removed"
          : "line " + lineNo + " (seq " + seq + "): prevHash does not match the hash of the line before it; a line "
              + "was deleted, inserted or reordered here");
    } else if (seq != expectedSeq) {
      problem("line " + lineNo + ": seq " + seq + ", expected " + expectedSeq + "; lines were deleted or reordered");
    }
    // Chain on from what this line claims, so that one damaged line is reported once, not on every later line.
    if (storedHash != null) expectedPrev = storedHash.asString();
    expectedSeq = seq + 1;
  }

  void tornTail(long bytes) {
    lineNo++;
    problem("line " + lineNo + ": incomplete last line (" + bytes + " bytes without a newline); the trail was "
        + "truncated or an append was interrupted");
  }

  AuditVerification result() {
    if (problems == 0) return new AuditVerification(lineNo, true, Optional.empty());
    String more = problems > 1 ? " (and " + (problems - 1) + " more problem(s) after it)" : "";
    return new AuditVerification(lineNo, false, Optional.of(firstProblem + more));
  }

  private void problem(String p) {
    if (problems++ == 0) firstProblem = p;
  }
}
