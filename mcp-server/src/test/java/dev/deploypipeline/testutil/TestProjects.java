package dev.deploypipeline.testutil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real project directories for tests: a git repository with a commit on main and a pipeline config. */
public final class TestProjects {
  private TestProjects() {}

  public static Path gitProject(Path dir, String configJson) throws IOException, InterruptedException {
    Files.createDirectories(dir.resolve(".claude"));
    Files.writeString(dir.resolve(".claude/deployment-config.json"), configJson);
    Files.writeString(dir.resolve(".gitignore"), ".claude/deployments/\n");
    git(dir, "init", "-q", "-b", "main");
    git(dir, "add", "-A");
    git(dir, "-c", "user.email=test@example.com", "-c", "user.name=Test", "commit", "-q", "-m", "initial");
    return dir;
  }

  public static String commit(Path dir, String message) throws IOException, InterruptedException {
    git(dir, "-c", "user.email=test@example.com", "-c", "user.name=Test", "commit", "-q", "--allow-empty", "-m",
        message);
    return head(dir);
  }

  public static String head(Path dir) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("git", "-C", dir.toString(), "rev-parse", "HEAD").start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    p.waitFor(10, TimeUnit.SECONDS);
    return out;
  }

  public static void git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("git " + String.join(" ", args) + " failed: " + out);
    }
  }

  /**
   * A config whose stages are the given bash commands; each environment deploys with {@code deploy} and rolls
   * back with {@code rollback} (both may use $ENVIRONMENT), with no health checks.
   */
  public static String config(String validate, String build, String test, String deploy, String rollback,
      String extra) {
    return """
        {"service":"svc","executor":"local",
         "stages":{"validate":{"command":%s,"timeoutSeconds":30,"idempotent":true},
                   "build":{"command":%s,"timeoutSeconds":30},
                   "test":{"command":%s,"timeoutSeconds":30}},
         "environments":{
           "dev":{"deploy":{"command":%s},"rollback":{"command":%s}},
           "staging":{"deploy":{"command":%s},"rollback":{"command":%s}},
           "prod":{"deploy":{"command":%s},"rollback":{"command":%s}}}%s}
        """.formatted(q(validate), q(build), q(test), q(deploy), q(rollback), q(deploy), q(rollback), q(deploy),
        q(rollback), extra == null ? "" : "," + extra);
  }

  static String q(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
