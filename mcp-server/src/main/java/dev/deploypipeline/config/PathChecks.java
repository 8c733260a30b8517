package dev.deploypipeline.config;

import dev.deploypipeline.text.DidYouMean;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Rules of environments as data: names, the promotion {@code path} (every entry configured, each environment once,
 * a group is a list of names), and each environment's {@code url}. Without a path the seed's dev, staging and prod
 * must all be configured, and no other environment may be, so that a misspelt name is still caught.
 */
final class PathChecks {
  /** An environment name: it becomes part of state ids, event names, file names and URLs. */
  static final Pattern NAME = dev.deploypipeline.workflow.State.ENVIRONMENT_NAME_PATTERN;

  private PathChecks() {}

  static List<String> check(PipelineConfig c) {
    List<String> p = new ArrayList<>();
    Set<String> configured = c.environments() == null ? Set.of() : new TreeSet<>(c.environments().keySet());
    for (String name : configured) {
      if (!NAME.matcher(name).matches()) {
        p.add("environments." + name + ": is not a valid environment name; use a lowercase letter, then lowercase "
            + "letters, digits or '-' (at most 31 characters), e.g. prod-eu");
      }
    }
    if (c.path() == null) {
      for (String name : configured) {
        if (!PipelineConfig.ENVIRONMENTS.contains(name) && NAME.matcher(name).matches()) {
          p.add("environments." + name + ": unknown environment" + hint(name, PipelineConfig.ENVIRONMENTS)
              + " (without a \"path\" the environments are dev, staging, prod; to add " + name
              + ", list the promotion order in \"path\", e.g. [\"dev\", \"" + name + "\", \"staging\", \"prod\"])");
        }
      }
    } else {
      checkPath(c.path(), configured, p);
      for (int i = 0; i < c.path().size(); i++) {
        if (!(c.path().get(i) instanceof List<?> group) || group.size() < 2) continue;
        for (int j = 0; j < group.size(); j++) {
          EnvironmentSpec e = group.get(j) instanceof String n ? c.environment(n) : null;
          if (e != null && e.progressive()) {
            p.add("path[" + i + "][" + j + "]: '" + group.get(j) + "' is rolled out progressively (a target with a "
                + "router), which a parallel group cannot do yet; give it its own step on the path, or deploy it "
                + "with a command or a Compose target");
          }
        }
      }
    }
    if (c.environments() != null) {
      c.environments().forEach((name, e) -> {
        if (e != null && e.url() != null) checkUrl("environments." + name + ".url", e.url(), p);
      });
    }
    return p;
  }

  private static void checkPath(List<Object> path, Set<String> configured, List<String> p) {
    if (path.isEmpty()) {
      p.add("path: is empty; list the environments in promotion order, e.g. [\"dev\", \"staging\", \"prod\"]");
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < path.size(); i++) {
      Object entry = path.get(i);
      String at = "path[" + i + "]";
      if (entry instanceof String name) {
        checkName(at, name, configured, seen, p);
      } else if (entry instanceof List<?> group) {
        if (group.isEmpty()) {
          p.add(at + ": is an empty group; list the environments deployed in parallel, e.g. [\"prod-eu\", \"prod-us\"]");
        }
        for (int j = 0; j < group.size(); j++) {
          if (group.get(j) instanceof String name) checkName(at + "[" + j + "]", name, configured, seen, p);
          else p.add(at + "[" + j + "]: must be an environment name (found " + group.get(j) + ")");
        }
      } else {
        p.add(at + ": must be an environment name or a list of names deployed in parallel (found " + entry + ")");
      }
    }
  }

  private static void checkName(String at, String name, Set<String> configured, Set<String> seen, List<String> p) {
    if (!configured.contains(name)) {
      p.add(at + ": '" + name + "' is not an environment" + hint(name, List.copyOf(configured)) + "; configured: "
          + (configured.isEmpty() ? "none" : String.join(", ", configured))
          + " (add it under \"environments\" or correct the name)");
    } else if (!seen.add(name)) {
      p.add(at + ": '" + name + "' is already on the path; each environment appears once");
    }
  }

  private static void checkUrl(String at, String url, List<String> p) {
    try {
      URI u = new URI(url);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase();
      if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
        p.add(at + ": must be an http or https URL with a host, e.g. https://staging.example.com (found '" + url
            + "')");
      }
    } catch (URISyntaxException e) {
      p.add(at + ": is not a URL (" + e.getReason() + " at index " + e.getIndex() + "); e.g. https://staging.example.com");
    }
  }

  private static String hint(String word, List<String> known) {
    String c = DidYouMean.closest(word, known);
    return c == null ? "" : "; did you mean '" + c + "'?";
  }
}
