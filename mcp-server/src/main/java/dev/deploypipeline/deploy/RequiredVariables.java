package dev.deploypipeline.deploy;

import dev.deploypipeline.config.ConfigLoader;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.config.StageSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment variables a project needs, by name: {@code ${VAR}} references without a default in the config
 * file, the Harness API key variable when Harness runs a stage, and the webhook variables of active channels; and
 * those it can do without ({@code ${VAR:-default}}).
 */
final class RequiredVariables {
  private static final Pattern REF = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-[^}]*)?}");

  private RequiredVariables() {}

  static List<String> of(java.nio.file.Path projectDir, PipelineConfig config) {
    TreeSet<String> names = new TreeSet<>();
    references(projectDir, (name, fallback) -> {
      if (fallback == null) names.add(name);
    });
    if (config != null && usesHarness(config) && config.harness() != null) {
      names.add(config.harness().apiKeyEnvOrDefault());
    }
    if (config != null && config.notifications() != null) {
      for (String ch : config.notifications().channelList()) {
        var w = "slack".equals(ch) ? config.notifications().slack() : "teams".equals(ch)
            ? config.notifications().teams() : null;
        if (!"email".equals(ch) && (w == null || w.webhookUrl() == null)) {
          names.add(w == null ? ch.toUpperCase(java.util.Locale.ROOT) + "_WEBHOOK_URL" : w.envName(ch));
        }
      }
    }
    return List.copyOf(names);
  }

  /**
   * The variables the config file reads with a default ({@code ${PORT:-18081}}), by name with the first default
   * written for each; a name also read without a default is required, not optional.
   */
  static Map<String, String> optional(java.nio.file.Path projectDir) {
    Map<String, String> defaults = new TreeMap<>();
    TreeSet<String> required = new TreeSet<>();
    references(projectDir, (name, fallback) -> {
      if (fallback == null) required.add(name);
      else defaults.putIfAbsent(name, fallback);
    });
    defaults.keySet().removeAll(required);
    return defaults;
  }

  /** Every {@code ${NAME}} (default null) and {@code ${NAME:-default}} in the config file, in order. */
  private static void references(java.nio.file.Path projectDir, BiConsumer<String, String> each) {
    ConfigLoader.locate(projectDir).ifPresent(file -> {
      try {
        Matcher m = REF.matcher(Files.readString(file));
        while (m.find()) {
          if (m.group(1) != null) each.accept(m.group(1), m.group(2) == null ? null : m.group(2).substring(2));
        }
      } catch (IOException e) {
        // The config check reports an unreadable file.
      }
    });
  }

  private static boolean usesHarness(PipelineConfig c) {
    if ("harness".equals(c.executorName())) return true;
    java.util.stream.Stream<StageSpec> specs = java.util.stream.Stream.concat(
        c.stages() == null ? java.util.stream.Stream.empty() : c.stages().values().stream(),
        c.environments() == null ? java.util.stream.Stream.empty()
            : c.environments().values().stream().filter(Objects::nonNull).map(e -> e.deploy()));
    return specs.filter(Objects::nonNull).anyMatch(s -> "harness".equals(s.executor()));
  }
}
