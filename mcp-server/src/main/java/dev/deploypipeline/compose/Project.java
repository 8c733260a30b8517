package dev.deploypipeline.compose;

import dev.deploypipeline.compose.YNode.Entry;
import dev.deploypipeline.compose.YNode.YMap;
import dev.deploypipeline.compose.YNode.YScalar;
import dev.deploypipeline.compose.YNode.YSeq;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The merged model the cross-reference rules read: all services by name, and which of them are active under
 * the selected profiles (a service with {@code profiles:} runs only when one of them is selected, or {@code *}).
 */
final class Project {
  record Service(String name, Pos keyPos, YMap def) {}

  private final YMap root;
  private final Map<String, Service> all = new LinkedHashMap<>();
  private final Map<String, Service> active = new LinkedHashMap<>();

  Project(YMap root, Collection<String> profiles) {
    this.root = root;
    YMap services = root.map("services");
    if (services == null) return;
    for (Entry e : services.entries().values()) {
      if (!(e.value() instanceof YMap def)) continue;
      Service s = new Service(e.key(), e.keyPos(), def);
      all.put(e.key(), s);
      if (isActive(def, profiles)) active.put(e.key(), s);
    }
  }

  private static boolean isActive(YMap def, Collection<String> selected) {
    if (!(def.get("profiles") instanceof YSeq seq) || seq.items().isEmpty()) return true;
    if (selected.contains("*")) return true;
    for (YNode p : seq.items()) {
      if (p instanceof YScalar s && selected.contains(s.value())) return true;
    }
    return false;
  }

  YMap root() {
    return root;
  }

  Map<String, Service> allServices() {
    return all;
  }

  Collection<Service> activeServices() {
    return active.values();
  }

  /** Names declared under a top-level section (networks, volumes, secrets, configs). */
  Set<String> declared(String section) {
    YMap m = root.map(section);
    return m == null ? Set.of() : m.entries().keySet();
  }

  /** A list's items, or a single scalar as a one-item list, or nothing. */
  static List<YNode> items(YNode node) {
    if (node instanceof YSeq seq) return seq.items();
    if (node instanceof YScalar s && !s.isNull()) return List.of(s);
    return List.of();
  }

  /** Names used by a list-or-mapping field (networks, depends_on): list items or mapping keys, with positions. */
  static List<Entry> names(YNode node) {
    List<Entry> out = new ArrayList<>();
    if (node instanceof YMap m) out.addAll(m.entries().values());
    else for (YNode item : items(node)) {
      if (item instanceof YScalar s && s.value() != null) out.add(new Entry(s.value(), s.pos(), s));
    }
    return out;
  }
}
