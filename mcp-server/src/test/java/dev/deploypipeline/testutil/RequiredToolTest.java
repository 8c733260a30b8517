package dev.deploypipeline.testutil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class RequiredToolTest {
  @Test
  void findsAToolOnPath() {
    assertThat(RequiredTool.require("bash", "bash").getFileName().toString()).isEqualTo("bash");
  }

  @Test
  void aMissingToolFailsUnderCiAndIsSkippedWithTheInstallHintElsewhere() {
    Class<? extends Throwable> expected =
        "true".equals(System.getenv("CI")) ? AssertionFailedError.class : TestAbortedException.class;
    assertThatThrownBy(() -> RequiredTool.require("no-such-tool-7f3a", "no-such-package"))
        .isInstanceOf(expected).hasMessageContaining("apt-get install no-such-package");
  }
}
