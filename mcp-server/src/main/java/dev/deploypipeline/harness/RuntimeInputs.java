package dev.deploypipeline.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * The runtime-input YAML for an execute: the pipeline's variables filled in, in Harness's input-set shape
 * ({@code pipeline.identifier}, {@code pipeline.variables[]{name,type,value}}). Each pipeline must declare the
 * variables it receives as {@code <+input>}.
 */
public final class RuntimeInputs {
  /** The variable that tags an execution with our deployment id, so an ambiguous execute can be found again. */
  public static final String DEPLOYMENT_ID_VARIABLE = "deploymentId";

  /** Variable name → template over deployment context keys: what is sent when {@code harness.variables} is unset. */
  public static final Map<String, String> STANDARD = standard();

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_]+)\\s*}}");

  private RuntimeInputs() {}

  private static Map<String, String> standard() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(DEPLOYMENT_ID_VARIABLE, "{{DEPLOYMENT_ID}}");
    m.put("service", "{{SERVICE}}");
    m.put("branch", "{{BRANCH}}");
    m.put("commit", "{{COMMIT}}");
    m.put("version", "{{VERSION}}");
    m.put("environment", "{{ENVIRONMENT}}");
    return java.util.Collections.unmodifiableMap(m);
  }

  /**
   * Fills {@code templates} (null: {@link #STANDARD}) from the deployment context. Standard variables whose context
   * key is absent are left out (a build has no environment); a configured template naming an unknown key is an
   * error. The deployment id is always sent, because it is how a lost execute is recognised.
   */
  public static Map<String, String> resolve(Map<String, String> templates, Map<String, String> context) {
    boolean standard = templates == null;
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> t : (standard ? STANDARD : templates).entrySet()) {
      Matcher m = PLACEHOLDER.matcher(t.getValue() == null ? "" : t.getValue());
      StringBuilder value = new StringBuilder();
      boolean missing = false;
      while (m.find()) {
        String v = context.get(m.group(1));
        if (v == null) {
          if (standard) {
            missing = true;
            break;
          }
          throw new IllegalArgumentException("harness.variables." + t.getKey() + ": placeholder {{" + m.group(1)
              + "}} is not a deployment context key; use one of " + context.keySet());
        }
        m.appendReplacement(value, Matcher.quoteReplacement(v));
      }
      if (missing) continue;
      m.appendTail(value);
      out.put(t.getKey(), value.toString());
    }
    String id = context.get("DEPLOYMENT_ID");
    if (id != null) out.putIfAbsent(DEPLOYMENT_ID_VARIABLE, id);
    return out;
  }

  /** The YAML body for {@code POST .../pipeline/execute/{pipeline}}; empty when there are no variables. */
  public static String yaml(String pipeline, Map<String, ?> variables) {
    if (variables.isEmpty()) return "";
    List<Map<String, Object>> vars = new ArrayList<>();
    for (Map.Entry<String, ?> e : variables.entrySet()) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("name", e.getKey());
      v.put("type", e.getValue() instanceof Number ? "Number" : "String");
      v.put("value", e.getValue() instanceof Number ? e.getValue() : String.valueOf(e.getValue()));
      vars.add(v);
    }
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("identifier", pipeline);
    p.put("variables", vars);
    DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build();
    return new Dump(settings).dumpToString(Map.of("pipeline", p));
  }

  /** The value of pipeline variable {@code name} in a runtime-input YAML, if it is there. */
  public static Optional<String> variable(String yaml, String name) {
    try {
      Object root = new Load(LoadSettings.builder().build()).loadFromString(yaml);
      if (!(root instanceof Map<?, ?> r) || !(r.get("pipeline") instanceof Map<?, ?> p)
          || !(p.get("variables") instanceof List<?> vars)) {
        return Optional.empty();
      }
      for (Object o : vars) {
        if (o instanceof Map<?, ?> v && name.equals(v.get("name")) && v.get("value") != null) {
          return Optional.of(String.valueOf(v.get("value")));
        }
      }
    } catch (RuntimeException notYaml) {
      // Not an input-set YAML (another field of the response): no tag here.
    }
    return Optional.empty();
  }
}
