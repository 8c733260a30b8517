package dev.deploypipeline.rollout;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One metric's measurements turned into the metric's verdict with Argo's limits: any Failed measurement fails it
 * (failureLimit 0), consecutive Errors beyond {@link #CONSECUTIVE_ERROR_LIMIT} make it Error, any Inconclusive
 * makes it Inconclusive (inconclusiveLimit 0), and only all-Successful is Successful.
 */
final class MetricTally {
  static final int CONSECUTIVE_ERROR_LIMIT = 4;

  final String name;
  private int measured;
  private int failed;
  private int inconclusive;
  private int consecutiveErrors;
  private int errors;
  private Map<String, Object> last = Map.of();
  private String detail;

  MetricTally(String name) {
    this.name = name;
  }

  void add(Verdict v, Map<String, Object> numbers, String why) {
    measured++;
    last = new LinkedHashMap<>(numbers);
    switch (v) {
      case FAILED -> {
        failed++;
        detail = why;
        consecutiveErrors = 0;
      }
      case ERROR -> {
        errors++;
        consecutiveErrors++;
        if (detail == null || failed == 0) detail = why;
      }
      case INCONCLUSIVE -> {
        inconclusive++;
        consecutiveErrors = 0;
        if (failed == 0 && detail == null) detail = why;
      }
      default -> consecutiveErrors = 0;
    }
  }

  Verdict verdict() {
    if (failed > 0) return Verdict.FAILED;
    if (consecutiveErrors > CONSECUTIVE_ERROR_LIMIT || (errors > 0 && errors == measured)) return Verdict.ERROR;
    if (inconclusive > 0) return Verdict.INCONCLUSIVE;
    return Verdict.SUCCESSFUL;
  }

  int measured() {
    return measured;
  }

  Map<String, Object> last() {
    return last;
  }

  String detail() {
    return verdict() == Verdict.SUCCESSFUL ? null : detail;
  }
}
