package dev.deploypipeline.compose;

import dev.deploypipeline.compose.YNode.Entry;
import dev.deploypipeline.compose.YNode.YMap;
import dev.deploypipeline.compose.YNode.YScalar;
import dev.deploypipeline.compose.YNode.YSeq;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges files like {@code docker compose -f a.yaml -f b.yaml}: mappings merge key by key, later scalars win,
 * lists (ports, volumes, environment lists, ...) are appended without exact duplicates, and the command-like
 * lists are replaced. Every node keeps the position of the file it came from.
 */
final class ComposeMerger {
  private static final Set<String> REPLACED_LISTS = Set.of("command", "entrypoint", "test");

  private ComposeMerger() {}

  static YMap merge(List<YMap> roots) {
    YMap result = roots.get(0);
    for (int i = 1; i < roots.size(); i++) result = mergeMaps(result, roots.get(i));
    return result;
  }

  private static YMap mergeMaps(YMap base, YMap override) {
    Map<String, Entry> entries = new LinkedHashMap<>(base.entries());
    for (Entry e : override.entries().values()) {
      Entry old = entries.get(e.key());
      entries.put(e.key(), old == null ? e : new Entry(e.key(), e.keyPos(), mergeValue(e.key(), old.value(), e.value())));
    }
    return new YMap(base.pos(), entries);
  }

  private static YNode mergeValue(String key, YNode base, YNode override) {
    if (base instanceof YMap b && override instanceof YMap o) return mergeMaps(b, o);
    if (base instanceof YSeq b && override instanceof YSeq o && !REPLACED_LISTS.contains(key)) {
      List<YNode> items = new ArrayList<>(b.items());
      for (YNode item : o.items()) {
        if (!(item instanceof YScalar s) || items.stream().noneMatch(x -> x instanceof YScalar xs && same(xs, s))) items.add(item);
      }
      return new YSeq(o.pos(), items);
    }
    return override;
  }

  private static boolean same(YScalar a, YScalar b) {
    return a.value() != null && a.value().equals(b.value());
  }
}
