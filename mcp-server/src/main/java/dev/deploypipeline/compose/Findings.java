package dev.deploypipeline.compose;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Collects findings from every check; duplicates (e.g. the same aliased node reached twice) collapse. */
final class Findings {
  private final Set<Finding> all = new LinkedHashSet<>();

  void add(Rule rule, Pos pos, String message, String hint) {
    all.add(new Finding(pos.file(), pos.line(), pos.column(), rule.id(), rule.severity(), message, hint));
  }

  void addFinding(Finding f) {
    all.add(f);
  }

  List<Finding> sorted() {
    List<Finding> list = new ArrayList<>(all);
    list.sort(Finding.ORDER);
    return list;
  }
}
