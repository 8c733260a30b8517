package dev.deploypipeline.compose;

import java.util.List;
import java.util.Map;

/** Test helper: validate inline YAML (dedented text blocks) and pick findings by rule. */
final class Compose {
  private Compose() {}

  static ComposeReport validate(String yaml) {
    return validate(yaml, Map.of());
  }

  static ComposeReport validate(String yaml, Map<String, String> env) {
    return new ComposeValidator().validate(ComposeRequest.ofContent("compose.yaml", yaml).withEnvironment(env));
  }

  static List<Finding> only(ComposeReport report, Rule rule) {
    return report.findings().stream().filter(f -> f.ruleId().equals(rule.id())).toList();
  }

  static List<String> ruleIds(ComposeReport report) {
    return report.findings().stream().map(Finding::ruleId).toList();
  }
}
