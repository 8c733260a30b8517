package dev.deploypipeline.approval;

import java.nio.file.Path;
import java.util.List;

/**
 * The approval policy in force for one deployment's environment, where it came from, and warnings for a working
 * tree whose edits it ignores because they would weaken it.
 */
public record EffectivePolicy(GatePolicy gate, List<String> sources, List<String> warnings, Path allowedSigners) {
  public EffectivePolicy {
    sources = List.copyOf(sources);
    warnings = List.copyOf(warnings);
  }
}
