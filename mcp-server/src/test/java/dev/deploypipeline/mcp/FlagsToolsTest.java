package dev.deploypipeline.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.app.App;
import dev.deploypipeline.deploy.FeatureFlags;
import dev.deploypipeline.flags.FlagState;
import dev.deploypipeline.flags.FlagsConfig;
import dev.deploypipeline.flags.UnleashClient;
import dev.deploypipeline.store.AuditEntry;
import dev.deploypipeline.testutil.RealUnleash;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** flags_list and flags_set against a real Unleash: the case table, the gate on prod, the audit, the token. */
class FlagsToolsTest {
  @TempDir static Path dir;
  static RealUnleash unleash;
  static TestProject p;
  static FlagsListTool list;
  static FlagsSetTool set;
  static UnleashClient direct;
  static String flag;

  static String config(String url) {
    return TestProject.GOOD_CONFIG.strip().replaceFirst("}$", ", \"flags\": {\"provider\": \"unleash\", \"url\": \""
        + url + "\", \"environments\": {\"dev\": \"development\", \"prod\": \"production\"}}}");
  }

  @BeforeAll
  static void setUp() throws Exception {
    unleash = RealUnleash.require();
    p = TestProject.create(dir, config(unleash.url()));
    Map<String, String> env = Map.of("UNLEASH_ADMIN_TOKEN", unleash.token());
    FeatureFlags flags = new FeatureFlags(p.service, App.flagProviders(env), Clock.systemUTC());
    list = new FlagsListTool(flags);
    set = new FlagsSetTool(flags, p.service);
    direct = new UnleashClient(new FlagsConfig("unleash", unleash.url(), null, null, Map.of(), List.of()),
        unleash.token(), Duration.ofSeconds(10));
    flag = unleash.createFlag("tools");
  }

  @AfterAll
  static void tearDown() {
    if (p != null) p.close();
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        ToolCase.ok("enable in dev", Map.of("flag", "$F", "environment", "dev", "action", "enable"), "is on in dev"),
        ToolCase.ok("rollout in dev", Map.of("flag", "$F", "environment", "dev", "action", "rollout", "percent", 30),
            "at 30 % in dev"),
        ToolCase.ok("disable in prod needs nobody", Map.of("flag", "$F", "environment", "prod", "action", "disable"),
            "is off in prod (Unleash production)"),
        ToolCase.error("enable in prod needs a human", Map.of("flag", "$F", "environment", "prod", "action",
            "enable"), "deployment-pipeline flags enable"),
        ToolCase.error("ramp in prod needs a human", Map.of("flag", "$F", "environment", "prod", "action", "rollout",
            "percent", 5), "needs a verified human"),
        ToolCase.error("rollout without percent", Map.of("flag", "$F", "environment", "dev", "action", "rollout"),
            "percent: is required for action rollout"),
        ToolCase.error("percent without rollout", Map.of("flag", "$F", "environment", "dev", "action", "enable",
            "percent", 5), "percent: only goes with action rollout"),
        ToolCase.error("percent out of range", Map.of("flag", "$F", "environment", "dev", "action", "rollout",
            "percent", 101), "percent: must be from 0 to 100"),
        ToolCase.error("unknown flag", Map.of("flag", "no-such-flag-q", "environment", "dev", "action", "enable"),
            "flag 'no-such-flag-q' does not exist in Unleash project 'default'"),
        ToolCase.error("unmapped environment", Map.of("flag", "$F", "environment", "staging", "action", "enable"),
            "environment staging"),
        ToolCase.error("bad environment", Map.of("flag", "$F", "environment", "qa", "action", "enable"),
            "environment: 'qa' is not an environment of this project"),
        ToolCase.error("bad action", Map.of("flag", "$F", "environment", "dev", "action", "toggle"),
            "action: must be one of [enable, disable, rollout]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void flagsSet(ToolCase c) {
    Map<String, Object> args = new java.util.HashMap<>(c.args());
    args.replaceAll((k, v) -> "$F".equals(v) ? flag : v);
    McpSchema.CallToolResult r = new ToolCase(c.name(), args, c.expectError(), c.messageContains()).run(set);
    assertThat(ToolResultChecks.text(r)).doesNotContain(unleash.token());
  }

  @Test
  void aRefusedProdChangeLeavesTheFlagOffAndIsAudited() throws Exception {
    String f = unleash.createFlag("gated");
    McpSchema.CallToolResult r = set.call(ToolContext.NONE, Map.of("flag", f, "environment", "prod", "action",
        "enable"));
    assertThat(r.isError()).isTrue();
    assertThat(direct.get(f).environment("production").enabled()).isFalse();
    List<AuditEntry> audit = p.service.store().audit(null);
    assertThat(audit).anySatisfy(e -> {
      assertThat(e.event()).isEqualTo("REFUSED");
      assertThat(e.details()).containsEntry("flag", f).containsEntry("rule", "verifiedHuman")
          .containsEntry("verifiedBy", "none");
    });
  }

  @Test
  void aChangeIsAuditedAndListShowsTheStatePerEnvironment() throws Exception {
    String f = unleash.createFlag("listed");
    assertThat(set.call(ToolContext.NONE, Map.of("flag", f, "environment", "dev", "action", "rollout", "percent",
        40)).isError()).isFalse();
    assertThat(p.service.store().audit(null)).anySatisfy(e -> {
      assertThat(e.event()).isEqualTo(FeatureFlags.CHANGED);
      assertThat(e.details()).containsEntry("flag", f).containsEntry("percent", 40)
          .containsEntry("providerEnvironment", "development");
    });
    McpSchema.CallToolResult r = list.call(ToolContext.NONE, Map.of());
    ToolResultChecks.assertWellFormed(list, r);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> flags = (List<Map<String, Object>>) ToolResultChecks.structured(r).get("flags");
    Map<String, Object> mine = flags.stream().filter(x -> f.equals(x.get("name"))).findFirst().orElseThrow();
    assertThat(mine.get("environments").toString()).contains("environment=dev, unleashEnvironment=development, "
        + "enabled=true, rolloutPercent=40").contains("environment=prod, unleashEnvironment=production, enabled=false");
    assertThat(list.definition().annotations().readOnlyHint()).isTrue();
    FlagState.Environment prod = direct.get(f).environment("production");
    assertThat(prod.enabled()).isFalse();
  }
}
