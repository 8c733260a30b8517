package dev.deploypipeline.deploy;

import java.util.List;

/**
 * A version on its way to a step of the path, worked out before anything starts: what the version resolves to,
 * where it comes from ({@code from}, null for a direct {@code --env} deployment), the steps it goes through, and
 * the environments before them that it has not passed ({@code missing}, which the promotion guard refuses unless a
 * verified human overrides).
 */
public record Promotion(String service, Versions.Resolved version, String from, List<List<String>> steps,
    List<String> missing, boolean gated) {
  public Promotion {
    steps = steps.stream().map(List::copyOf).toList();
    missing = List.copyOf(missing);
  }

  /** The first step's name ({@code staging}, or {@code prod-eu+prod-us} for a parallel group). */
  public String target() {
    return String.join("+", steps.get(0));
  }

  /** Every environment this promotion deploys to, in order. */
  public List<String> environments() {
    return steps.stream().flatMap(List::stream).toList();
  }

  public boolean guardPasses() {
    return missing.isEmpty();
  }
}
