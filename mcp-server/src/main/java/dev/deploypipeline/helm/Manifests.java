package dev.deploypipeline.helm;

import dev.deploypipeline.helm.HelmFinding.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The rendered output of {@code helm template}, document by document with the template each came from
 * ({@code # Source:}): checks that every object names its apiVersion, kind and metadata.name, and collects the
 * Secrets it defines and the Secrets its pods reference.
 */
final class Manifests {
  /** A Secret name some template references, and where. */
  record SecretRef(String name, String source) {}

  final List<HelmFinding> findings = new ArrayList<>();
  final Set<String> renderedSecrets = new LinkedHashSet<>();
  final List<SecretRef> referencedSecrets = new ArrayList<>();
  int objects;

  /** {@code source} maps helm's {@code <chart>/templates/x.yaml} to a project-relative path. */
  Manifests(String rendered, java.util.function.UnaryOperator<String> source, List<String> envs) {
    String from = null;
    StringBuilder doc = new StringBuilder();
    for (String line : (rendered + "\n---").split("\n")) {
      if (line.equals("---") || line.startsWith("--- ")) {
        if (from != null) check(doc.toString(), source.apply(from), envs);
        doc = new StringBuilder();
        from = null;
      } else if (line.startsWith("# Source: ")) {
        from = line.substring("# Source: ".length()).strip();
      } else {
        doc.append(line).append('\n');
      }
    }
  }

  private void check(String text, String file, List<String> envs) {
    Object obj;
    try {
      obj = new Load(LoadSettings.builder().setLabel(file).build()).loadFromString(text);
    } catch (RuntimeException e) {
      findings.add(new HelmFinding(file, null, null, "manifest-yaml", Level.ERROR, "renders invalid YAML: "
          + e.getMessage().strip().replaceAll("\\s+", " "), "`helm template --debug` shows the rendered text", envs));
      return;
    }
    if (obj == null) return;
    objects++;
    if (!(obj instanceof Map<?, ?> m)) {
      findings.add(new HelmFinding(file, null, null, "manifest-fields", Level.ERROR,
          "renders a YAML document that is not an object", "a template must render Kubernetes objects", envs));
      return;
    }
    List<String> missing = new ArrayList<>();
    if (!(m.get("apiVersion") instanceof String a) || a.isBlank()) missing.add("apiVersion");
    if (!(m.get("kind") instanceof String k) || k.isBlank()) missing.add("kind");
    Object meta = m.get("metadata");
    Object name = meta instanceof Map<?, ?> mm ? mm.get("name") : null;
    if (!(name instanceof String n) || n.isBlank()) missing.add("metadata.name");
    if (!missing.isEmpty()) {
      findings.add(new HelmFinding(file, null, null, "manifest-fields", Level.ERROR,
          "renders " + (m.get("kind") instanceof String k ? "a " + k : "an object") + " without "
              + String.join(", ", missing), "every Kubernetes object needs apiVersion, kind and metadata.name", envs));
      return;
    }
    if ("Secret".equals(m.get("kind"))) renderedSecrets.add((String) name);
    collectReferences(m, file);
  }

  /** secretKeyRef/secretRef {@code name}, volume {@code secret.secretName}, projected {@code secret.name}, imagePullSecrets. */
  private void collectReferences(Object node, String file) {
    if (node instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String key = String.valueOf(e.getKey());
        Object v = e.getValue();
        if ((key.equals("secretKeyRef") || key.equals("secretRef")) && v instanceof Map<?, ?> r) add(r.get("name"), file);
        if (key.equals("secret") && v instanceof Map<?, ?> r) add(r.containsKey("secretName") ? r.get("secretName") : r.get("name"), file);
        if (key.equals("imagePullSecrets") && v instanceof List<?> l) l.forEach(x -> {
          if (x instanceof Map<?, ?> r) add(r.get("name"), file);
        });
        collectReferences(v, file);
      }
    } else if (node instanceof List<?> l) {
      l.forEach(x -> collectReferences(x, file));
    }
  }

  private void add(Object name, String file) {
    if (name instanceof String s && !s.isBlank()) referencedSecrets.add(new SecretRef(s, file));
  }

  /** Sources by Secret name, first reference first. */
  Map<String, String> referencesByName() {
    Map<String, String> out = new LinkedHashMap<>();
    referencedSecrets.forEach(r -> out.putIfAbsent(r.name(), r.source()));
    return out;
  }
}
