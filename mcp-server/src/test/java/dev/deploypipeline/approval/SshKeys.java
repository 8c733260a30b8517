package dev.deploypipeline.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Real ed25519 keys made by ssh-keygen, and an allowed-signers file listing some of them. */
public final class SshKeys {
  private SshKeys() {}

  /** Fails under CI=true when ssh-keygen is missing; skips (saying so) locally. */
  public static void requireSshKeygen() {
    boolean present;
    try {
      Process p = new ProcessBuilder("ssh-keygen", "-?").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      present = p.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      present = false;
    }
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("ssh-keygen is required for the signature tests (apt-get install openssh-client)");
    }
    Assumptions.assumeTrue(present, "ssh-keygen not installed: signature tests skipped locally");
  }

  public static Path key(Path dir, String name) throws Exception {
    Path k = dir.resolve(name);
    Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", k.toString())
        .redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as("ssh-keygen made " + name).isTrue();
    return k;
  }

  /** Appends {@code principals keytype key} for {@code key}'s public half. */
  public static void allow(Path signers, String principals, Path key) throws IOException {
    String[] pub = Files.readString(Path.of(key + ".pub")).strip().split(" ");
    Files.writeString(signers, principals + " " + pub[0] + " " + pub[1] + "\n",
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
  }

  /** Makes {@code home}'s user policy name {@code signers} as the allowed-signers file (it vouches for approvers). */
  public static void homePolicy(Path home, Path signers) throws IOException {
    Path policy = home.resolve(".config/deployment-pipeline/policy.json");
    Files.createDirectories(policy.getParent());
    Files.writeString(policy, "{\"allowedSignersFile\": \"" + signers + "\"}");
  }

  /** Runs {@code body} with {@code user.home} set to {@code home} (read when a service is built), then restores it. */
  public static <T> T withHome(Path home, java.util.concurrent.Callable<T> body) throws Exception {
    String real = System.getProperty("user.home");
    System.setProperty("user.home", home.toString());
    try {
      return body.call();
    } finally {
      System.setProperty("user.home", real);
    }
  }
}
