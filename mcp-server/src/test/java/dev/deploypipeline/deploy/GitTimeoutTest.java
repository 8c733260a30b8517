package dev.deploypipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A git that hangs (a credential prompt, a dead NFS mount) must not hang the caller past Git's timeout. */
class GitTimeoutTest {
  @TempDir Path dir;

  @AfterEach
  void restore() {
    Git.executable = "git";
    Git.timeout = Git.TIMEOUT;
  }

  @Test
  void aHangingGitThatHoldsItsOutputOpenTimesOutAndItsProcessTreeIsKilled() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    Path fake = dir.resolve("git");
    // Prints part of an answer, then waits on a child that keeps stdout open: reading the output to its end first
    // (the old code) blocks until the child exits, 60 s later.
    Files.writeString(fake, "#!/bin/bash\necho partial\nsleep 60 &\necho $! > '" + pidFile + "'\nwait\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
    Git.executable = fake.toString();
    Git.timeout = Duration.ofMillis(300);

    String out = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Git.run(dir, "rev-parse", "HEAD"));

    assertThat(out).isNull();
    long child = Long.parseLong(Files.readString(pidFile).strip());
    // destroyForcibly has been sent; the kernel reaps the child a moment later.
    ProcessHandle.of(child).ifPresent(h -> h.onExit().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join());
    assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).as("child sleep killed").isFalse();
  }

  @Test
  void anAnswerWithinTheTimeoutIsReturned() throws Exception {
    Path fake = dir.resolve("git");
    Files.writeString(fake, "#!/bin/bash\necho \"  $3 $4  \"\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
    Git.executable = fake.toString();
    assertThat(Git.run(dir, "rev-parse", "HEAD")).isEqualTo("rev-parse HEAD");
  }
}
