package dev.deploypipeline.approval;

import java.util.Map;
import java.util.Set;

/**
 * Who decided at the gate, and what proves it. {@code actor} is the name recorded; {@code identities} are the names
 * the proof vouches for (the OS user and its allowed-signers aliases at a terminal, the key's principals for a
 * signature), empty when nothing was verified.
 */
public record Approver(String actor, Method method, Set<String> identities, String channel,
    Map<String, Object> evidence) {

  /** How the decision reached the gate, from strongest to weakest proof of identity. */
  public enum Method {
    /** An in-process caller (embedding code, tests) that vouches for {@code actor} itself. */
    TRUSTED("api", true),
    /** The OS user at a real terminal who typed the deployment id. */
    TERMINAL("terminal", true),
    /** The holder of a key listed in the allowed-signers file. */
    SSH_SIGNATURE("ssh-signature", true),
    /** A human clicked accept in an MCP client's form: someone was asked, but not who. */
    MCP_ACCEPT("mcp-accept", false),
    /** Nothing proves a human decided (no terminal, no signature). */
    NONE("none", false);

    public final String id;
    public final boolean identifies;

    Method(String id, boolean identifies) {
      this.id = id;
      this.identifies = identifies;
    }
  }

  public Approver {
    identities = identities == null ? Set.of() : Set.copyOf(identities);
    evidence = evidence == null ? Map.of() : Map.copyOf(evidence);
  }

  public static Approver trusted(String actor, String channel, Map<String, Object> evidence) {
    return new Approver(actor, Method.TRUSTED, Set.of(actor), channel, evidence);
  }

  /**
   * The holder of a key that signed {@code payload}, as {@code v} verified it against {@code signers}; the evidence
   * keeps the payload and signature so that {@code deploy audit --verify} can check them again later.
   */
  public static Approver signed(SshSignatures.Verified v, java.nio.file.Path signers, String payload, String signature,
      String channel) {
    Map<String, Object> evidence = new java.util.LinkedHashMap<>();
    evidence.put("principal", v.principal());
    if (v.fingerprint() != null) evidence.put("key", v.fingerprint());
    evidence.put("allowedSignersFile", signers.toString());
    evidence.put("signedPayload", payload);
    evidence.put("signature", signature);
    return new Approver(v.principal(), Method.SSH_SIGNATURE, new java.util.HashSet<>(v.principals()), channel,
        evidence);
  }

  public static Approver unverified(String claimedActor, String channel) {
    return new Approver(claimedActor, Method.NONE, Set.of(), channel, Map.of());
  }

  public static Approver clicked(String claimedActor, String channel) {
    return new Approver(claimedActor, Method.MCP_ACCEPT, Set.of(), channel, Map.of());
  }
}
