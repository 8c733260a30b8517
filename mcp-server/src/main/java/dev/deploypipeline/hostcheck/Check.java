package dev.deploypipeline.hostcheck;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of the host pre-flight: what was checked, how it came out, what was seen, and (unless it passed) what to
 * do about it. {@code SKIP} says honestly that a check cannot run on this host (no systemd, no compose file), which
 * is not a failure.
 */
public record Check(String name, Status status, String detail, String fix) {
  public enum Status {
    OK, WARN, FAIL, SKIP;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  static Check ok(String name, String detail) {
    return new Check(name, Status.OK, detail, null);
  }

  static Check warn(String name, String detail, String fix) {
    return new Check(name, Status.WARN, detail, fix);
  }

  static Check fail(String name, String detail, String fix) {
    return new Check(name, Status.FAIL, detail, fix);
  }

  static Check skip(String name, String detail, String fix) {
    return new Check(name, Status.SKIP, detail, fix);
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("check", name);
    m.put("status", status.id());
    m.put("detail", detail);
    if (fix != null) m.put("fix", fix);
    return m;
  }
}
