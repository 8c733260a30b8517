package dev.deploypipeline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.deploypipeline.text.DidYouMean;
import dev.deploypipeline.workflow.RetryPolicy;
import dev.deploypipeline.workflow.State;
import java.io.IOException;
import java.nio.file.Files;
import dev.deploypipeline.secrets.EnvRefs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {

  /** A complete, valid config; each bad case is this with one or more deliberate mistakes. */
  static final String VALID = """
      {
        "service": "hello-service",
        "executor": "local",
        "stages": {
          "validate": {"command": "scripts/validate.sh"},
          "build": {"command": "scripts/build.sh", "timeoutSeconds": 300},
          "test": {"command": "scripts/test.sh"}
        },
        "environments": {
          "dev": {"deploy": {"command": "scripts/deploy.sh dev"},
                  "healthCheck": {"url": "http://127.0.0.1:18081/health"}},
          "staging": {"deploy": {"command": "scripts/deploy.sh staging"}},
          "prod": {"deploy": {"command": "scripts/deploy.sh prod"}, "requiresApproval": true}
        },
        "retry": {"maxAttempts": 3, "retryableStates": ["building"]}
      }
      """;

  static final String VALID_YAML = """
      service: hello-service
      executor: local
      stages:
        validate: {command: scripts/validate.sh}
        build:
          command: scripts/build.sh
          timeoutSeconds: 300
        test: {command: scripts/test.sh}
      environments:
        dev:
          deploy: {command: scripts/deploy.sh dev}
          healthCheck: {url: "http://127.0.0.1:18081/health"}
        staging:
          deploy: {command: scripts/deploy.sh staging}
        prod:
          deploy: {command: scripts/deploy.sh prod}
          requiresApproval: true
      retry:
        maxAttempts: 3
        retryableStates: [building]
      """;

  private static final String BUILD = "\"build\": {\"command\": \"scripts/build.sh\", \"timeoutSeconds\": 300}";
  private static final String STAGING = "\"staging\": {\"deploy\": {\"command\": \"scripts/deploy.sh staging\"}},";
  private static final String DEV_URL = "\"url\": \"http://127.0.0.1:18081/health\"";
  private static final String RETRY_STATES = "\"retryableStates\": [\"building\"]";

  private static final String ALLOWED_TOP_KEYS =
      "(allowed here: environments, executor, flags, harness, helm, hosting, jira, notifications, passEnv, path, release, retry, secrets, service, stages)";
  private static final String ALLOWED_STAGE_KEYS =
      "(allowed here: command, executor, idempotent, pipeline, retryExitCodes, skip, timeoutSeconds)";

  /** Replaces exactly one occurrence, so that a typo in a case fails loudly instead of testing the valid config. */
  static String with(String text, String from, String to) {
    int i = text.indexOf(from);
    if (i < 0 || text.indexOf(from, i + 1) >= 0) throw new IllegalArgumentException("not exactly once: " + from);
    return text.replace(from, to);
  }

  static String build(String replacement) {
    return with(VALID, BUILD, "\"build\": " + replacement);
  }

  static Arguments bad(String name, String text, Map<String, String> env, String... problems) {
    return Arguments.of(name, text, env, List.of(problems));
  }

  static Arguments bad(String name, String text, String... problems) {
    return bad(name, text, Map.of(), problems);
  }

  static Stream<Arguments> badConfigs() {
    return Stream.of(
        bad("unknown key with a suggestion", build("{\"comand\": \"scripts/build.sh\"}"),
            "stages.build.comand: unknown key; did you mean 'command'? " + ALLOWED_STAGE_KEYS),
        bad("unknown top-level key", with(VALID, "\"executor\"", "\"executer\""),
            "executer: unknown key; did you mean 'executor'? " + ALLOWED_TOP_KEYS),
        bad("misspelt top-level key before the last one", with(VALID, "\"environments\"", "\"enviroments\""),
            "enviroments: unknown key; did you mean 'environments'? " + ALLOWED_TOP_KEYS),
        bad("misspelt last top-level key", with(VALID, "\"retry\"", "\"retrys\""),
            "retrys: unknown key; did you mean 'retry'? " + ALLOWED_TOP_KEYS),
        bad("misspelt key of a nested object before its last key", with(VALID, "\"maxAttempts\"", "\"maxAtempts\""),
            "retry.maxAtempts: unknown key; did you mean 'maxAttempts'? (allowed here: backoffMs, backoffMultiplier, "
                + "maxAttempts, retryableStates)"),
        bad("misspelt key of a nested record whose last value is an object",
            with(VALID, "\"dev\": {\"deploy\"", "\"dev\": {\"deplooy\""),
            "environments.dev.deplooy: unknown key; did you mean 'deploy'? (allowed here: approvers, deploy, envFile, freezes, "
                + "healthCheck, passEnv, preventSelfApproval, requiresApproval, rollback, router, secrets, strategy, "
                + "target, type, url, variables, windows)"),
        bad("unknown key without a close match", build("{\"command\": \"b\", \"parallelism\": 4}"),
            "stages.build.parallelism: unknown key " + ALLOWED_STAGE_KEYS),
        bad("wrong type", build("{\"command\": \"b\", \"timeoutSeconds\": \"ten\"}"),
            "stages.build.timeoutSeconds: must be a whole number (found \"ten\")"),
        bad("fraction where a whole number is needed", with(VALID, "\"maxAttempts\": 3", "\"maxAttempts\": 2.5"),
            "retry.maxAttempts: must be a whole number (found 2.5)"),
        bad("wrong type: boolean", build("{\"command\": \"b\", \"skip\": \"yes\"}"),
            "stages.build.skip: must be true or false (found \"yes\")"),
        bad("wrong type: object expected", with(VALID, "\"retry\": {\"maxAttempts\": 3, " + RETRY_STATES + "}",
                "\"retry\": 3"),
            "retry: must be an object (found a number)"),
        bad("wrong type: list expected", with(VALID, RETRY_STATES, "\"retryableStates\": \"building\""),
            "retry.retryableStates: must be a list (found a string)"),
        bad("timeout below range", build("{\"command\": \"b\", \"timeoutSeconds\": 0}"),
            "stages.build.timeoutSeconds: must be at least 1 second"),
        bad("timeout above range", build("{\"command\": \"b\", \"timeoutSeconds\": 90000}"),
            "stages.build.timeoutSeconds: must be at most 86400 (one day)"),
        bad("retry exit code out of range", build("{\"command\": \"b\", \"retryExitCodes\": [75, 256]}"),
            "stages.build.retryExitCodes[1]: must be an exit code from 1 to 255"),
        bad("missing stage", with(VALID, ",\n    \"test\": {\"command\": \"scripts/test.sh\"}", ""),
            "stages.test: is missing; add {\"command\": \"...\"} or {\"skip\": true}"),
        bad("missing environment", with(VALID, STAGING, ""),
            "environments.staging: is missing; add {\"deploy\": {\"command\": \"...\"}} or {\"deploy\": {\"skip\": "
                + "true}}"),
        bad("environment without deploy", with(VALID, STAGING, "\"staging\": {},"),
            "environments.staging.deploy: is required: add {\"command\": \"...\"} or {\"skip\": true}"),
        bad("unknown stage key", with(VALID, BUILD, BUILD + ", \"deploy\": {\"command\": \"d\"}"),
            "stages.deploy: unknown stage (stages are validate, build, test; deploys go under "
                + "environments.<env>.deploy)"),
        bad("misspelt stage key", with(VALID, "\"test\": {", "\"tests\": {"),
            "stages.test: is missing; add {\"command\": \"...\"} or {\"skip\": true}",
            "stages.tests: unknown stage; did you mean 'test'? (stages are validate, build, test; deploys go under "
                + "environments.<env>.deploy)"),
        bad("unknown environment key", with(VALID, STAGING, STAGING + " \"qa\": {\"deploy\": {\"command\": \"d\"}},"),
            "environments.qa: unknown environment (without a \"path\" the environments are dev, staging, prod; to add qa, list the promotion order in "
                + "\"path\", e.g. [\"dev\", \"qa\", \"staging\", \"prod\"])"),
        bad("command missing for the local executor", build("{\"timeoutSeconds\": 30}"),
            "stages.build.command: is required for the local executor (or set \"skip\": true)"),
        bad("blank command", build("{\"command\": \"  \"}"),
            "stages.build.command: is required for the local executor (or set \"skip\": true)"),
        bad("deploy command missing", with(VALID, "{\"command\": \"scripts/deploy.sh prod\"}", "{}"),
            "environments.prod.deploy.command: is required for the local executor (or set \"skip\": true)"),
        bad("rollback without command", with(VALID, STAGING,
                "\"staging\": {\"deploy\": {\"command\": \"d\"}, \"rollback\": {\"timeoutSeconds\": 5}},"),
            "environments.staging.rollback.command: is required for the local executor (or remove rollback)"),
        bad("bad retry state", with(VALID, RETRY_STATES, "\"retryableStates\": [\"building\", \"buildng\"]"),
            "retry.retryableStates[1]: unknown state 'buildng'; did you mean 'building'? (states: pending, "
                + "validating, building, testing, deploying-dev, deploying-staging, awaiting-approval, deploying-prod, "
                + "completed, failed, rolled-back)"),
        bad("retry attempts out of range", with(VALID, "\"maxAttempts\": 3", "\"maxAttempts\": 0"),
            "retry.maxAttempts: must be at least 1 (1 means no retries)"),
        bad("unset variable", build("{\"command\": \"${BUILD_CMD}\"}"),
            "stages.build.command: environment variable BUILD_CMD is not set (export BUILD_CMD=..., or write "
                + "${BUILD_CMD:-default})"),
        bad("unset variable inside a longer value", with(VALID, DEV_URL,
                "\"url\": \"http://127.0.0.1:${DEV_PORT}/health\""),
            "environments.dev.healthCheck.url: environment variable DEV_PORT is not set (export DEV_PORT=..., or "
                + "write ${DEV_PORT:-default})"),
        bad("a value from the environment is never echoed", build("{\"command\": \"b\", \"timeoutSeconds\": "
                + "\"${BUILD_TIMEOUT}\"}"), Map.of("BUILD_TIMEOUT", "s3cr3t-t0ken"),
            "stages.build.timeoutSeconds: must be a whole number (found the value of an environment variable)"),
        bad("empty file", "",
            "must be an object with keys service, executor, stages, environments, retry (found an empty file)"),
        bad("only comments", "# nothing here yet\n",
            "must be an object with keys service, executor, stages, environments, retry (found an empty file)"),
        bad("top-level list", "- service: hello-service\n- stages: {}\n",
            "must be an object with keys service, executor, stages, environments, retry (found a list)"),
        bad("top-level scalar", "hello-service\n",
            "must be an object with keys service, executor, stages, environments, retry (found a single value)"),
        bad("health check url not http(s)", with(VALID, DEV_URL, "\"url\": \"ftp://127.0.0.1/health\""),
            "environments.dev.healthCheck.url: must be an http:// or https:// URL"),
        bad("health check url empty", with(VALID, DEV_URL, "\"url\": \"\""),
            "environments.dev.healthCheck.url: must be an http:// or https:// URL"),
        bad("health check without url", with(VALID, DEV_URL, "\"timeoutSeconds\": 5"),
            "environments.dev.healthCheck.url: must be set to the URL to GET after deploying, e.g. "
                + "http://127.0.0.1:8080/health"),
        bad("executor neither local nor harness", with(VALID, "\"executor\": \"local\"", "\"executor\": \"k8s\""),
            "executor: must be 'local', 'harness' or 'helm'"),
        bad("stage executor neither local nor harness",
            build("{\"command\": \"b\", \"executor\": \"docker\"}"),
            "stages.build.executor: must be 'local', 'harness' or 'helm'"),
        bad("service name not a slug", with(VALID, "\"service\": \"hello-service\"", "\"service\": \"Hello Service\""),
            "service: must be lowercase letters, digits, '.', '_' or '-' (at most 63)"),
        bad("three mistakes, three problems", with(with(VALID, "\"maxAttempts\": 3", "\"maxAttempts\": 0"), STAGING,
                STAGING + " \"qa\": {\"deploy\": {\"command\": \"d\"}},").replace("\"timeoutSeconds\": 300",
                "\"timeoutSeconds\": 0"),
            "environments.qa: unknown environment (without a \"path\" the environments are dev, staging, prod; to add qa, list the promotion order in "
                + "\"path\", e.g. [\"dev\", \"qa\", \"staging\", \"prod\"])",
            "retry.maxAttempts: must be at least 1 (1 means no retries)",
            "stages.build.timeoutSeconds: must be at least 1 second"),
        bad("three kinds of mistake at once", with(with(VALID, "\"maxAttempts\": 3", "\"backoffMultiplier\": \"fast\""),
                "\"prod\": {\"deploy\": {\"command\": \"scripts/deploy.sh prod\"}, \"requiresApproval\": true}",
                "\"prd\": {\"deploy\": {\"command\": \"scripts/deploy.sh prod\"}}")
                .replace("\"command\": \"scripts/validate.sh\"", "\"comand\": \"scripts/validate.sh\""),
            "environments.prd: unknown environment; did you mean 'prod'? (without a \"path\" the environments are dev, staging, prod; to add prd, list the promotion order in "
                + "\"path\", e.g. [\"dev\", \"prd\", \"staging\", \"prod\"])",
            "environments.prod: is missing; add {\"deploy\": {\"command\": \"...\"}} or {\"deploy\": {\"skip\": "
                + "true}}",
            "retry.backoffMultiplier: must be a number (found \"fast\")",
            "stages.validate.comand: unknown key; did you mean 'command'? " + ALLOWED_STAGE_KEYS),
        bad("YAML: unknown key in a list item position", with(VALID_YAML, "  test: {command: scripts/test.sh}",
                "  test: {command: scripts/test.sh, idempotnt: true}"),
            "stages.test.idempotnt: unknown key; did you mean 'idempotent'? " + ALLOWED_STAGE_KEYS),
        bad("YAML: wrong type", with(VALID_YAML, "timeoutSeconds: 300", "timeoutSeconds: [300]"),
            "stages.build.timeoutSeconds: must be a whole number (found a list)"),
        bad("reading goes on after a mistyped list or object", with(VALID, "\"test\": {\"command\": \"scripts/test.sh\"}",
                "\"test\": {\"command\": [\"a\", {\"b\": 1}], \"timeoutSeconds\": {\"x\": [1]}, \"skip\": 1, "
                    + "\"retryExitCodes\": 75}").replace("\"timeoutSeconds\": 300", "\"timeoutSeconds\": []"),
            "stages.build.timeoutSeconds: must be a whole number (found a list)",
            "stages.test.command: must be a string (found a list)",
            "stages.test.retryExitCodes: must be a list (found a number)",
            "stages.test.timeoutSeconds: must be a whole number (found an object)"),
        bad("wrong type inside a list", build("{\"command\": \"b\", \"retryExitCodes\": [75, \"x\"]}"),
            "stages.build.retryExitCodes[1]: must be a whole number (found \"x\")"),
        bad("stage given as a list", with(VALID, "\"test\": {\"command\": \"scripts/test.sh\"}",
                "\"test\": [\"scripts/test.sh\"]"),
            "stages.test: must be an object (found a list)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badConfigs")
  void badConfigIsRejectedWithExactPathPreciseProblems(String name, String text, Map<String, String> env,
      List<String> expected) {
    String source = text.strip().startsWith("{") ? "deployment-config.json" : "deployment-config.yaml";
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> new ConfigLoader(env::get).parse(text, source));
    assertThat(e).as("config must be rejected").isNotNull();
    assertThat(e.problems()).containsExactlyElementsOf(expected);
    for (String v : env.values()) assertThat(e.getMessage()).doesNotContain(v);
    if (expected.size() == 1) {
      assertThat(e.getMessage()).isEqualTo(source + ": " + expected.get(0));
    } else {
      assertThat(e.getMessage()).isEqualTo(source + ": " + expected.size() + " problems:\n  - "
          + String.join("\n  - ", expected));
    }
  }

  private static PipelineConfig parse(String text, Map<String, String> env) {
    return parse(text, env, "test");
  }

  private static PipelineConfig parse(String text, Map<String, String> env, String source) {
    return new ConfigLoader(env::get).parse(text, source);
  }

  @Test
  void validJsonAndEquivalentYamlGiveTheSameConfig() {
    PipelineConfig json = parse(VALID, Map.of());
    PipelineConfig yaml = parse(VALID_YAML, Map.of());
    assertThat(yaml).isEqualTo(json);
    assertThat(json.service()).isEqualTo("hello-service");
    assertThat(json.stage("build").timeout()).isEqualTo(300);
    assertThat(json.stage("test").timeout()).isEqualTo(StageSpec.DEFAULT_TIMEOUT_SECONDS);
    assertThat(json.environment("prod").approvalRequired("prod")).isTrue();
    assertThat(json.environment("dev").healthCheck().url()).isEqualTo("http://127.0.0.1:18081/health");
  }

  @Test
  void invalidYamlSyntaxNamesLineAndColumn() {
    String text = "service: hello-service\nstages:\n  build: {command: b\n";
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(text, Map.of()));
    assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p)
        .startsWith("is not valid YAML: while parsing a flow mapping\n in test, line 3, column 10:")
        .contains("expected ',' or '}'"));
  }

  static Stream<Arguments> brokenJson() {
    return Stream.of(
        Arguments.of("unclosed object", "{\n  \"service\": \"hello-service\",\n  \"stages\": {\n}\n",
            "is not valid JSON: line 5, column 1: Unexpected end-of-input: expected close marker for Object"),
        Arguments.of("missing comma", "{\n  \"service\": \"a\"\n  \"executor\": \"local\"\n}\n",
            "is not valid JSON: line 3, column 3: Unexpected character ('\"' (code 34)): was expecting comma to "
                + "separate Object entries"),
        Arguments.of("unquoted key", "{\"service\": \"a\",\n executor: \"local\"}", "is not valid JSON: line 2, "
            + "column 2: Unexpected character ('e' (code 101)): was expecting double-quote to start property name"),
        Arguments.of("duplicate key", "{\"service\": \"a\",\n \"service\": \"b\"}",
            "is not valid JSON: line 2, column 11: Duplicate Object property \"service\""));
  }

  @Test
  void aTrailingCommaIsForgivenAsTheYamlReaderDid() {
    assertThat(parse(VALID.replace("\"building\"]}", "\"building\"],}"), Map.of(), "deployment-config.json")
        .retryOrDefault().maxAttempts()).isEqualTo(3);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenJson")
  void brokenJsonIsToldInJsonTermsWithLineAndColumn(String name, String text, String problem) {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> new ConfigLoader(Map.of()).parse(text, "/p/.claude/deployment-config.json"));
    assertThat(e.problems()).containsExactly(problem);
    assertThat(e.getMessage()).doesNotContain("YAML", "flow mapping", "[Source");
  }

  @Test
  void skipAcceptsAStageWithoutCommand() {
    PipelineConfig c = parse(build("{\"skip\": true}"), Map.of());
    assertThat(c.stage("build").isSkipped()).isTrue();
    assertThat(c.stage("build").command()).isNull();
  }

  @Test
  void harnessStagesNeedNoCommand() {
    PipelineConfig c = parse(build("{\"executor\": \"harness\", \"pipeline\": \"build_pipeline\"}"), Map.of());
    assertThat(c.stage("build").pipeline()).isEqualTo("build_pipeline");
  }

  @Test
  void aHealthUrlIsKeptRawAndExpandedWhereItIsUsedWithItsDefault() {
    String text = with(VALID, DEV_URL, "\"url\": \"http://127.0.0.1:${DEV_PORT:-18081}/health\"");
    String url = parse(text, Map.of("DEV_PORT", "9999")).environment("dev").healthCheck().url();
    assertThat(url).isEqualTo("http://127.0.0.1:${DEV_PORT:-18081}/health");
    assertThat(EnvRefs.expand(url, Map.<String, String>of()::get)).isEqualTo("http://127.0.0.1:18081/health");
    assertThat(EnvRefs.expand(url, Map.of("DEV_PORT", "")::get)).isEqualTo("http://127.0.0.1:18081/health");
    assertThat(EnvRefs.expand(url, Map.of("DEV_PORT", "9999")::get)).isEqualTo("http://127.0.0.1:9999/health");
  }

  @Test
  void anUnsetVariableInAKeptRawUrlIsStillReportedByName() {
    String text = with(VALID, DEV_URL, "\"url\": \"http://127.0.0.1:${DEV_PORT}/health\"");
    assertThatThrownBy(() -> parse(text, Map.of())).isInstanceOf(ConfigException.class)
        .hasMessageContaining("environments.dev.healthCheck.url: environment variable DEV_PORT is not set");
  }

  @Test
  void commandsAreKeptRawForTheShellSoNoSecretIsExpandedIntoWhatIsRecorded() {
    PipelineConfig c = parse(build("{\"command\": \"make ${TARGET} && curl -H \\\"$TOKEN\\\" ${API_TOKEN}\"}"),
        Map.of("TARGET", "all", "API_TOKEN", "tok-123456789"));
    assertThat(c.stage("build").command()).isEqualTo("make ${TARGET} && curl -H \"$TOKEN\" ${API_TOKEN}");
  }

  @Test
  void otherValuesAreSubstitutedAndTheirValuesAreNotReparsed() {
    PipelineConfig c = parse(build("{\"command\": \"b\", \"pipeline\": \"p-${X}\"}"), Map.of("X", "${Y} $$"));
    assertThat(c.stage("build").pipeline()).isEqualTo("p-${Y} $$");
  }

  @Test
  void doubleDollarIsALiteralDollar() {
    PipelineConfig c = parse(build("{\"command\": \"echo $$HOME costs $$5 and $${NOT_A_VAR}\"}"), Map.of());
    assertThat(c.stage("build").command()).isEqualTo("echo $HOME costs $5 and ${NOT_A_VAR}");
  }

  @Test
  void aNumberMayComeFromTheEnvironment() {
    PipelineConfig c = parse(build("{\"command\": \"b\", \"timeoutSeconds\": \"${BUILD_TIMEOUT:-120}\"}"), Map.of());
    assertThat(c.stage("build").timeout()).isEqualTo(120);
  }

  @Test
  void retrySectionBecomesThePolicy() {
    String text = with(VALID, "\"maxAttempts\": 3, " + RETRY_STATES,
        "\"maxAttempts\": 4, \"backoffMs\": 500, \"backoffMultiplier\": 3, "
            + "\"retryableStates\": [\"building\", \"deploying-dev\"]");
    RetryPolicy p = parse(text, Map.of()).retryOrDefault().toPolicy();
    assertThat(p.maxAttempts()).isEqualTo(4);
    assertThat(p.delayBefore(2)).isEqualTo(Duration.ofMillis(500));
    assertThat(p.delayBefore(3)).isEqualTo(Duration.ofMillis(1500));
    assertThat(p.delayBefore(4)).isEqualTo(Duration.ofMillis(4500));
    assertThat(p.retryableStates()).containsExactlyInAnyOrder(State.BUILDING, State.DEPLOYING_DEV);
  }

  @Test
  void missingRetrySectionGivesTheDefaultPolicy() {
    String text = with(VALID, ",\n  \"retry\": {\"maxAttempts\": 3, " + RETRY_STATES + "}", "");
    assertThat(parse(text, Map.of()).retryOrDefault().toPolicy()).isEqualTo(RetryPolicy.DEFAULT);
  }

  @Test
  void theHelloServiceExampleLoads() {
    Path project = Path.of("..", "examples", "hello-service");
    PipelineConfig c = new ConfigLoader(Map.<String, String>of()::get).load(project);
    assertThat(c.service()).isEqualTo("hello-service");
    assertThat(c.executorName()).isEqualTo("local");
    assertThat(c.stages()).containsOnlyKeys(PipelineConfig.STAGE_KEYS);
    assertThat(c.environments()).containsOnlyKeys(PipelineConfig.ENVIRONMENTS);
    assertThat(EnvRefs.expand(c.environment("dev").healthCheck().url(), k -> null))
        .isEqualTo("http://127.0.0.1:18081/health");
    assertThat(c.environment("prod").approvalRequired("prod")).isTrue();
    assertThat(c.retryOrDefault().toPolicy()).isEqualTo(RetryPolicy.DEFAULT);

    PipelineConfig custom = new ConfigLoader(Map.of("HELLO_PROD_PORT", "28083")::get).load(project);
    assertThat(custom.environment("prod").healthCheck().url()).isEqualTo("http://127.0.0.1:${HELLO_PROD_PORT:-18083}/health");
  }

  @Test
  void noConfigFileSaysExactlyWhatToCreate(@TempDir Path project) {
    assertThatThrownBy(() -> new ConfigLoader(Map.<String, String>of()::get).load(project))
        .isInstanceOf(ConfigException.class)
        .hasMessage(project.resolve(".claude") + ": no deployment-config.json or deployment-config.yaml found; "
            + "run `deployment-pipeline init` in the project for a starter config, or "
            + "create .claude/deployment-config.json with at least {\"service\": \"<name>\", \"stages\": "
            + "{\"validate\": {\"command\": \"...\"}, \"build\": {...}, \"test\": {...}}, \"environments\": "
            + "{\"dev\": {\"deploy\": {\"command\": \"...\"}}, \"staging\": {...}, \"prod\": {...}}} "
            + "(see examples/hello-service/.claude/deployment-config.json)");
  }

  @Test
  void yamlFileIsFoundAndJsonWinsWhenBothExist(@TempDir Path project) throws IOException {
    Path claude = Files.createDirectories(project.resolve(".claude"));
    Files.writeString(claude.resolve("deployment-config.yaml"), VALID_YAML);
    ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);
    assertThat(ConfigLoader.locate(project)).contains(claude.resolve("deployment-config.yaml"));
    assertThat(loader.load(project).service()).isEqualTo("hello-service");

    Files.writeString(claude.resolve("deployment-config.json"), with(VALID, "\"hello-service\"", "\"other\""));
    assertThat(ConfigLoader.locate(project)).contains(claude.resolve("deployment-config.json"));
    assertThat(loader.load(project).service()).isEqualTo("other");
  }

  @Test
  void problemsInAFileAreReportedAgainstThatFile(@TempDir Path project) throws IOException {
    Path file = Files.createDirectories(project.resolve(".claude")).resolve("deployment-config.json");
    Files.writeString(file, build("{\"command\": \"b\", \"timeoutSeconds\": 0}"));
    assertThatThrownBy(() -> new ConfigLoader(Map.<String, String>of()::get).load(project))
        .hasMessage(file + ": stages.build.timeoutSeconds: must be at least 1 second");
  }

  @Test
  void didYouMeanOnlySuggestsCloseWords() {
    assertThat(DidYouMean.closest("comand", List.of("command", "skip"))).isEqualTo("command");
    assertThat(DidYouMean.closest("Stagign", List.of("staging", "prod"))).isEqualTo("staging");
    assertThat(DidYouMean.closest("parallelism", List.of("command", "skip"))).isNull();
  }
}
