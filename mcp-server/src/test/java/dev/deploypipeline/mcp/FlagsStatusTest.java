package dev.deploypipeline.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.deploy.FeatureFlags;
import dev.deploypipeline.flags.FlagProvider;
import dev.deploypipeline.flags.FlagState;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy_status's flags: asked of the flag server only when the config has a flags section, which is found without
 * loading the config (the first call of a session must not pay for Hibernate Validator when there are no flags).
 */
class FlagsStatusTest {
  @TempDir Path dir;
  final AtomicInteger asked = new AtomicInteger();

  FlagProvider provider() {
    asked.incrementAndGet();
    return new FlagProvider() {
      @Override
      public List<FlagState> list() {
        return List.of(new FlagState("checkout", "release", false,
            List.of(new FlagState.Environment("development", true, null))));
      }

      @Override
      public FlagState get(String flag) {
        return list().get(0);
      }

      @Override
      public void enable(String flag, String environment) {}

      @Override
      public void disable(String flag, String environment) {}

      @Override
      public void rollout(String flag, String environment, int percent) {}
    };
  }

  Map<String, Object> status(String config) throws Exception {
    try (TestProject p = TestProject.create(dir, config)) {
      return new FeatureFlags(p.service, c -> provider(), Clock.systemUTC()).status();
    }
  }

  @Test
  void withoutAFlagsSectionTheFlagServerIsNotAsked() throws Exception {
    assertThat(status(TestProject.GOOD_CONFIG)).isNull();
    assertThat(asked).hasValue(0);
  }

  @Test
  void withAFlagsSectionEachFlagIsListed() throws Exception {
    Map<String, Object> s = status(FlagsToolsTest.config("http://127.0.0.1:9"));
    assertThat(s).containsEntry("project", "default").containsKey("flags");
    assertThat(s.get("flags").toString()).contains("checkout");
    assertThat(asked).hasValue(1);
  }

  @Test
  void aBrokenConfigWithFlagsLeavesThemOut() throws Exception {
    assertThat(status(FlagsToolsTest.config("not a url"))).isNull();
    assertThat(asked).hasValue(0);
  }
}
