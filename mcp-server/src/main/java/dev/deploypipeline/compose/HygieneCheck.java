package dev.deploypipeline.compose;

import dev.deploypipeline.compose.YNode.YScalar;

/** Image references that are not reproducible: no tag (implicitly latest) or an explicit latest. */
final class HygieneCheck {
  private HygieneCheck() {}

  static void check(Project p, Findings out) {
    for (Project.Service svc : p.activeServices()) {
      if (!(svc.def().get("image") instanceof YScalar img) || img.value() == null || img.unresolved()) continue;
      if (svc.def().get("build") != null) continue;
      String ref = img.value();
      if (ref.isEmpty() || ref.contains("@")) continue;
      String last = ref.substring(ref.lastIndexOf('/') + 1);
      int colon = last.indexOf(':');
      if (colon < 0) {
        out.add(Rule.IMAGE_NO_TAG, img.pos(), "service '" + svc.name() + "': image '" + ref + "' has no tag, so it means latest",
            "pin a version, e.g. " + ref + ":1.2.3, or a digest");
      } else if (last.substring(colon + 1).equals("latest")) {
        out.add(Rule.IMAGE_LATEST, img.pos(), "service '" + svc.name() + "': image '" + ref + "' uses the moving latest tag",
            "pin a version or a digest");
      }
    }
  }
}
