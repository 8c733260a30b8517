package dev.deploypipeline.mcp;

import static dev.deploypipeline.mcp.ToolCase.error;
import static dev.deploypipeline.mcp.ToolCase.ok;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeployHistoryToolTest extends SeededProjectTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        ok("everything", Map.of(), "3 deployment(s)"),
        ok("by service", Map.of("service", "demo"), "3 deployment(s)"),
        ok("another service has none", Map.of("service", "other"), "0 deployment(s)"),
        ok("by state", Map.of("state", "completed"), "1 deployment(s)"),
        ok("reached prod", Map.of("environment", "prod"), "1 deployment(s)"),
        ok("since a date", Map.of("since", "2026-11-01"), "3 deployment(s)"),
        ok("since after all of them", Map.of("since", "2027-01-01T00:00:00Z"), "0 deployment(s)"),
        ok("limit", Map.of("limit", 2), "2 deployment(s)"),
        ok("since a span back from now", Map.of("since", "7d"), "3 deployment(s)"),
        ok("since a span of nothing: from now", Map.of("since", "0m"), "0 deployment(s)"),
        error("bad service name", Map.of("service", "Bad!"), "service: 'Bad!' is not a service name"),
        error("service of wrong type", Map.of("service", 3), "service: must be a string"),
        error("unknown environment", Map.of("environment", "qa"), "environment: 'qa' is not an environment of this project (configured: dev, staging, prod)"),
        error("unknown state", Map.of("state", "done"), "state: must be one of"),
        error("since not a date", Map.of("since", "yesterday"), "since: 'yesterday' is not a date, time or span: use an ISO date (2026-11-25"),
        error("since impossible date", Map.of("since", "2026-13-45"), "since: '2026-13-45' is not"),
        error("since of wrong type", Map.of("since", 20261101), "since: must be a string"),
        error("limit zero", Map.of("limit", 0), "limit: must be from 1 to 500, got 0"),
        error("limit too large", Map.of("limit", 501), "limit: must be from 1 to 500, got 501"),
        error("limit beyond 64 bits", Map.of("limit", new java.math.BigInteger("18446744073709551617")),
            "limit: must be from 1 to 500, got 18446744073709551617"),
        error("limit negative", Map.of("limit", -3L), "limit: must be from 1 to 500, got -3"),
        ok("limit as a whole double", Map.of("limit", 2.0), "2 deployment(s)"),
        ok("releases, none recorded", Map.of("releases", true), "0 release(s)"),
        ok("releases false lists deployments", Map.of("releases", false), "3 deployment(s)"),
        error("releases of wrong type", Map.of("releases", "yes"), "releases: must be true or false, got"),
        ok("since with an offset", Map.of("since", "2026-11-25T12:00:00+02:00"), "3 deployment(s)"),
        error("since without a zone", Map.of("since", "2026-11-25T10:00"), "since: '2026-11-25T10:00' is not"),
        error("limit fractional", Map.of("limit", 2.5), "limit: must be a whole number"),
        error("limit as text", Map.of("limit", "10"), "limit: must be a whole number from 1 to 500, got '10'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void table(ToolCase c) {
    c.run(p.tool("deploy_history"));
  }
}
