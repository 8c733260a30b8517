package dev.deploypipeline.helm;

import java.util.ArrayList;
import java.util.List;

/**
 * The helm command lines, as argument lists (without the binary). One place, so that tests can pin them exactly.
 * Helm 4: {@code --rollback-on-failure} replaces the deprecated {@code --atomic}.
 */
public final class HelmCommands {
  private HelmCommands() {}

  public static List<String> lint(String chart, List<String> values) {
    List<String> a = new ArrayList<>(List.of("lint", chart));
    values.forEach(v -> a.addAll(List.of("-f", v)));
    return a;
  }

  public static List<String> template(String release, String chart, String namespace, List<String> values) {
    List<String> a = new ArrayList<>(List.of("template", release, chart, "--namespace", namespace));
    values.forEach(v -> a.addAll(List.of("-f", v)));
    return a;
  }

  /**
   * {@code helm upgrade --install RELEASE CHART -n NS -f values... --rollback-on-failure --wait --timeout Ns},
   * described with the deployment's version so that a rollback can find the revision that carried it.
   */
  public static List<String> upgrade(String release, String chart, String namespace, List<String> values,
      int timeoutSeconds, String description) {
    List<String> a = new ArrayList<>(List.of("upgrade", "--install", release, chart, "-n", namespace));
    values.forEach(v -> a.addAll(List.of("-f", v)));
    a.addAll(List.of("--rollback-on-failure", "--wait", "--timeout", timeoutSeconds + "s"));
    if (description != null) a.addAll(List.of("--description", description));
    return a;
  }

  public static List<String> rollback(String release, int revision, String namespace, int timeoutSeconds) {
    return List.of("rollback", release, Integer.toString(revision), "-n", namespace, "--wait", "--timeout",
        timeoutSeconds + "s");
  }

  public static List<String> test(String release, String namespace, int timeoutSeconds) {
    return List.of("test", release, "-n", namespace, "--timeout", timeoutSeconds + "s");
  }

  public static List<String> history(String release, String namespace) {
    return List.of("history", release, "-n", namespace, "--max", "20", "-o", "json");
  }
}
