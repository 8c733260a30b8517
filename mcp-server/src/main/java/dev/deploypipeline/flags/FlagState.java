package dev.deploypipeline.flags;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  /** As tools and {@code --json} show it. */
  public Map<String, Object> view() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", name);
    if (type != null) out.put("type", type);
    out.put("stale", stale);
    out.put("environments", environments.stream().map(FlagState::view).toList());
    return out;
  }

  static Map<String, Object> view(Environment e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("environment", e.name());
    m.put("enabled", e.enabled());
    if (e.rolloutPercent() != null) m.put("rolloutPercent", e.rolloutPercent());
    return m;
  }
}
