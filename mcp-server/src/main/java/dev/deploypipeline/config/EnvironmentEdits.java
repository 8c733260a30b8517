package dev.deploypipeline.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Adding and removing an environment in the config file's tree: its section under {@code environments} and its
 * place on the promotion {@code path}. A file without {@code path} follows the default dev → staging → prod; an edit
 * that moves off it writes the path out. The result is only a tree: {@link ConfigDocument#save} validates it.
 */
public final class EnvironmentEdits {
  public static final Pattern NAME = dev.deploypipeline.workflow.State.ENVIRONMENT_NAME_PATTERN;
  public static final List<String> TYPES = List.of("development", "staging", "production");

  /** A refused edit: what is wrong and what to do instead. */
  public static final class EditException extends RuntimeException {
    private final String nextStep;

    public EditException(String message, String nextStep) {
      super(message);
      this.nextStep = nextStep;
    }

    public String nextStep() {
      return nextStep;
    }
  }

  /** Where a new environment goes on the path: after a step, beside an environment, or nowhere (off the path). */
  public record Placement(String after, String parallelWith) {
    public static final Placement OFF_PATH = new Placement(null, null);
  }

  private EnvironmentEdits() {}

  /**
   * Adds {@code name} with {@code section} (the environment's keys; {@code type} and {@code url}, when given,
   * are put first) at {@code where} on the path.
   */
  public static void create(Map<String, Object> tree, String name, String type, String url,
      Map<String, Object> section, Placement where) {
    checkName(name);
    if (type != null && !TYPES.contains(type)) {
      throw new EditException("type: '" + type + "' is not one of " + String.join(", ", TYPES),
          "pass --type development, staging or production");
    }
    if (where.after() != null && where.parallelWith() != null) {
      throw new EditException("--after and --parallel-with exclude each other",
          "pass one: --after ENV makes a new step after ENV's, --parallel-with ENV joins ENV's step");
    }
    Map<String, Object> envs = environments(tree);
    if (envs.containsKey(name)) {
      throw new EditException("environment '" + name + "' already exists",
          "see it with `env show " + name + "`, or delete it first");
    }
    List<List<String>> path = path(tree);
    String anchor = where.after() != null ? where.after() : where.parallelWith();
    int step = anchor == null ? -1 : stepOf(path, anchor);
    if (anchor != null && step < 0) {
      throw new EditException("'" + anchor + "' is not on the promotion path " + show(path),
          "pass an environment on the path to --after or --parallel-with");
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    if (type != null) spec.put("type", type);
    if (url != null) spec.put("url", url);
    if (section != null) section.forEach(spec::putIfAbsent);
    envs.put(name, spec);
    if (anchor == null) {
      // Without a path only the default environments may exist: writing it out keeps the new one off it.
      if (!(tree.get("path") instanceof List)) tree.put("path", written(path));
      return;
    }
    if (where.after() != null) path.add(step + 1, new ArrayList<>(List.of(name)));
    else path.get(step).add(name);
    tree.put("path", written(path));
  }

  /**
   * Removes {@code name}'s section and its place on the path; refuses when that would leave the path empty.
   *
   * @return whether it was on the path
   */
  public static boolean delete(Map<String, Object> tree, String name) {
    Map<String, Object> envs = environments(tree);
    if (!envs.containsKey(name)) {
      throw new EditException("no environment '" + name + "'; configured: " + String.join(", ", envs.keySet()),
          "pass one of the configured environments (`env list`)");
    }
    List<List<String>> path = path(tree);
    int step = stepOf(path, name);
    if (step >= 0) {
      path.get(step).remove(name);
      if (path.get(step).isEmpty()) path.remove(step);
      if (path.isEmpty()) {
        throw new EditException("'" + name + "' is the only environment on the promotion path; deleting it leaves "
            + "nothing to deploy to", "create the environment that replaces it first (`env create`), then delete "
            + name);
      }
      tree.put("path", written(path));
    }
    envs.remove(name);
    return step >= 0;
  }

  /** The path as steps of names: the file's {@code path}, or the default when it has none. */
  @SuppressWarnings("unchecked")
  public static List<List<String>> path(Map<String, Object> tree) {
    List<List<String>> out = new ArrayList<>();
    Object p = tree.get("path");
    if (!(p instanceof List<?> steps)) {
      PipelineConfig.ENVIRONMENTS.forEach(n -> out.add(new ArrayList<>(List.of(n))));
      return out;
    }
    for (Object s : steps) {
      List<String> step = new ArrayList<>();
      if (s instanceof List<?> group) group.forEach(g -> step.add(String.valueOf(g)));
      else step.add(String.valueOf(s));
      out.add(step);
    }
    return out;
  }

  static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new EditException("'" + name + "' is not an environment name: a lowercase letter, then up to 30 "
          + "lowercase letters, digits or '-'", "pick a name such as qa, staging-eu or prod-us");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> environments(Map<String, Object> tree) {
    Object e = tree.get("environments");
    if (e == null) {
      Map<String, Object> fresh = new LinkedHashMap<>();
      tree.put("environments", fresh);
      return fresh;
    }
    if (!(e instanceof Map)) {
      throw new EditException("environments: must be an object", "fix the config file by hand first");
    }
    return (Map<String, Object>) e;
  }

  private static int stepOf(List<List<String>> path, String name) {
    for (int i = 0; i < path.size(); i++) if (path.get(i).contains(name)) return i;
    return -1;
  }

  /** A single environment as a name, a parallel group as a list: the form people write. */
  private static List<Object> written(List<List<String>> path) {
    List<Object> out = new ArrayList<>();
    for (List<String> step : path) out.add(step.size() == 1 ? step.get(0) : new ArrayList<>(step));
    return out;
  }

  private static String show(List<List<String>> path) {
    return String.join(" → ", path.stream().map(s -> String.join(" + ", s)).toList());
  }
}
