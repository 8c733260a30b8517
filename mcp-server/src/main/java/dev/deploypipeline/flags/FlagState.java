package dev.deploypipeline.flags;

import java.util.List;

/**
 * One flag as the provider sees it, per provider environment: on or off, and the gradual-rollout percent when its
 * strategy is a flexible rollout ({@code null}: no such strategy, so "on" means on for everyone the strategies let).
 */
public record FlagState(String name, String type, boolean stale, List<Environment> environments) {
  public record Environment(String name, boolean enabled, Integer rolloutPercent) {}

  public FlagState {
    environments = List.copyOf(environments);
  }

  public Environment environment(String providerEnv) {
    return environments.stream().filter(e -> e.name().equals(providerEnv)).findFirst().orElse(null);
  }
}
