package dev.deploypipeline.deploy;

import java.nio.file.Path;
import java.util.Map;

/**
 * The name recorded for who is acting: {@code DEPLOY_PIPELINE_USER}, else git's {@code user.email}, else the OS
 * user. It is a claim anyone can set, used for display and audit only; approvals rest on verified identities
 * ({@link Approvals}).
 */
public final class Identity {
  private Identity() {}

  public static String resolve(Map<String, String> env, Path projectDir) {
    String explicit = env.get("DEPLOY_PIPELINE_USER");
    if (explicit != null && !explicit.isBlank()) return explicit.strip();
    String email = Git.run(projectDir, "config", "user.email");
    if (email != null && !email.isBlank()) return email.strip();
    return System.getProperty("user.name", "unknown");
  }
}
