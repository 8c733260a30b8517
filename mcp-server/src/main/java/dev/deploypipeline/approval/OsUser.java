package dev.deploypipeline.approval;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The operating-system user this process runs as, from {@code id -un} (the real uid), not from an environment
 * variable or a JVM property that the caller could set.
 */
public final class OsUser {
  private static volatile String cached;

  private OsUser() {}

  public static String name() {
    String n = cached;
    if (n != null) return n;
    try {
      Process p = new ProcessBuilder(TrustedTools.path("id"), "-un").redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isEmpty()) n = out;
    } catch (java.io.IOException e) {
      n = null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (n == null) n = System.getProperty("user.name", "unknown");
    cached = n;
    return n;
  }
}
