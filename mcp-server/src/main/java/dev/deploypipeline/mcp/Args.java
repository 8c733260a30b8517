package dev.deploypipeline.mcp;

import dev.deploypipeline.deploy.DeployException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads tool arguments once, at the edge, with uniform messages ("deploymentId: is required ..."). The SDK
 * checks the input schema first; these checks keep handlers safe when called directly and give the fix.
 */
public final class Args {
  private final Map<String, Object> raw;

  public Args(Map<String, Object> raw) {
    this.raw = raw == null ? Map.of() : raw;
  }

  public String required(String name, Pattern pattern, String what) {
    String v = optional(name, pattern, what);
    if (v == null) throw bad(name + ": is required (" + what + ")");
    return v;
  }

  public String optional(String name, Pattern pattern, String what) {
    Object v = raw.get(name);
    if (v == null) return null;
    if (!(v instanceof String s)) throw bad(name + ": must be a string (" + what + "), got " + typeOf(v));
    if (s.isBlank()) throw bad(name + ": must not be empty (" + what + ")");
    if (pattern != null && !pattern.matcher(s).matches()) throw bad(name + ": '" + clip(s) + "' is not " + what);
    return s;
  }

  public String oneOf(String name, List<String> allowed, String fallback) {
    Object v = raw.get(name);
    if (v == null) {
      if (fallback == null) throw bad(name + ": is required; one of " + allowed);
      return fallback;
    }
    if (!(v instanceof String s) || !allowed.contains(s)) {
      throw bad(name + ": must be one of " + allowed + ", got " + (v instanceof String s2 ? "'" + clip(s2) + "'" : typeOf(v)));
    }
    return (String) v;
  }

  public boolean flag(String name, boolean fallback) {
    Object v = raw.get(name);
    if (v == null) return fallback;
    if (!(v instanceof Boolean b)) throw bad(name + ": must be true or false, got " + typeOf(v));
    return b;
  }

  public int integer(String name, int min, int max, int fallback) {
    Object v = raw.get(name);
    if (v == null) return fallback;
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      throw bad(name + ": must be a whole number from " + min + " to " + max + ", got " + typeOf(v));
    }
    // Compared as a double: longValue() of a BigInteger beyond 64 bits wraps around into the range.
    if (n.doubleValue() < min || n.doubleValue() > max) {
      throw bad(name + ": must be from " + min + " to " + max + ", got " + clip(String.valueOf(n)));
    }
    return n.intValue();
  }

  /** {@code waitTimeoutSeconds}, as {@link Schemas#WAIT_TIMEOUT} bounds it. */
  public int waitTimeout() {
    return integer("waitTimeoutSeconds", 1, Schemas.WAIT_MAX_SECONDS, Schemas.WAIT_DEFAULT_SECONDS);
  }

  private static DeployException bad(String message) {
    return new DeployException(DeployException.Kind.BAD_INPUT, message, "correct the argument and call again");
  }

  private static String typeOf(Object v) {
    return v instanceof Number ? "a number" : v instanceof Boolean ? "a boolean" : v instanceof List ? "an array"
        : v instanceof Map ? "an object" : "'" + clip(String.valueOf(v)) + "'";
  }

  private static String clip(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
