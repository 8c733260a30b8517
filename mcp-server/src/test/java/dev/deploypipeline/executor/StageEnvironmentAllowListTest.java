package dev.deploypipeline.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.config.StageSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stage process sees basics and its context, never the rest of the server's environment. */
class StageEnvironmentAllowListTest {
  @TempDir Path dir;

  @Test
  void onlyBasicsAndTheContextReachTheProcess() throws Exception {
    Map<String, String> server = Map.of("PATH", System.getenv("PATH"), "HOME", "/home/x", "LANG", "C.UTF-8",
        "LC_ALL", "C.UTF-8", "SERVER_ONLY_KEY", "do-not-pass-1", "UNDECLARED", "nope-2");
    LocalCommandExecutor ex = new LocalCommandExecutor(Clock.systemUTC(), server);
    StageSpec spec = new StageSpec("env | sort", null, null, null, null, null, null);
    StageResult r = ex.run(new StageRequest("building", spec, Map.of("DEPLOYMENT_ID", "d-1", "DECLARED", "yes-3"),
        dir, dir.resolve("b.log"), Duration.ofSeconds(10), 1, Map.of(), m -> {}));
    assertThat(r.succeeded()).isTrue();
    String log = Files.readString(dir.resolve("b.log"));
    assertThat(log).contains("HOME=/home/x").contains("LANG=C.UTF-8").contains("LC_ALL=C.UTF-8")
        .contains("DEPLOYMENT_ID=d-1").contains("DECLARED=yes-3")
        .doesNotContain("SERVER_ONLY_KEY").doesNotContain("do-not-pass-1").doesNotContain("UNDECLARED");
  }

  @Test
  void whatTheCommandEchoesIsRedactedInTheStageLog() throws Exception {
    dev.deploypipeline.secrets.Redaction.learn(
        dev.deploypipeline.secrets.Redactor.named(Map.of("tok-echoed-123456", "MY_TOKEN")));
    try {
      LocalCommandExecutor ex = new LocalCommandExecutor(Clock.systemUTC(), Map.of("PATH", System.getenv("PATH")));
      StageSpec spec = new StageSpec("echo \"token is $MY_TOKEN\"; printf 'no newline %s' \"$MY_TOKEN\"; exit 3",
          null, null, null, null, null, null);
      StageResult r = ex.run(new StageRequest("building", spec, Map.of("MY_TOKEN", "tok-echoed-123456"), dir,
          dir.resolve("t.log"), Duration.ofSeconds(10), 1, Map.of(), m -> {}));
      assertThat(r.failure()).get().extracting(f -> f.message()).asString().contains("$MY_TOKEN")
          .doesNotContain("tok-echoed");
      String log = Files.readString(dir.resolve("t.log"));
      assertThat(log).contains("token is [redacted:MY_TOKEN]").contains("no newline [redacted:MY_TOKEN]")
          .doesNotContain("tok-echoed-123456");
    } finally {
      dev.deploypipeline.secrets.Redaction.reset();
    }
  }

  @Test
  void megabytesOfOutputAreCopiedWholeAndMaskedAcrossChunkBoundaries() throws Exception {
    dev.deploypipeline.secrets.Redaction.learn(
        dev.deploypipeline.secrets.Redactor.named(Map.of("tok-many-times-42", "MY_TOKEN")));
    try {
      LocalCommandExecutor ex = new LocalCommandExecutor(Clock.systemUTC(), Map.of("PATH", System.getenv("PATH")));
      // 300,000 lines of 29 bytes: about 8.7 MB, more than two of the copier's 4 MB reads.
      StageSpec spec = new StageSpec("yes \"line $MY_TOKEN end\" | head -n 300000", null, null, null, null, null,
          null);
      StageResult r = ex.run(new StageRequest("building", spec, Map.of("MY_TOKEN", "tok-many-times-42"), dir,
          dir.resolve("m.log"), Duration.ofSeconds(60), 1, Map.of(), m -> {}));
      assertThat(r.succeeded()).isTrue();
      String log = Files.readString(dir.resolve("m.log"));
      assertThat(log).doesNotContain("tok-many");
      assertThat(log.split("line \\[redacted:MY_TOKEN] end\n", -1)).hasSize(300001);
    } finally {
      dev.deploypipeline.secrets.Redaction.reset();
    }
  }
}
