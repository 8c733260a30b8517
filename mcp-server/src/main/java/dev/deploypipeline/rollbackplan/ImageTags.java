package dev.deploypipeline.rollbackplan;

import dev.deploypipeline.compose.ComposeFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which image each Compose service runs now and after the rollback. The pipeline versions an image through the
 * compose file's interpolation ({@code image: myapp-web:${TAG}}, or {@code VERSION}); an image without either is
 * pinned, and the rollback leaves it as it is.
 */
public final class ImageTags {
  /** The variables the Compose target sets to the deployment's version. */
  public static final List<String> VERSION_VARIABLES = List.of("TAG", "VERSION");
  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{(TAG|VERSION)(?:[:]?[-?+][^}]*)?}|\\$(TAG|VERSION)(?![A-Za-z0-9_])");

  /** {@code versioned} false: pinned, {@code from} and {@code to} are the same. */
  public record Change(String service, String from, String to, boolean versioned) {}

  private ImageTags() {}

  public static List<Change> changes(PlanInput.Compose compose, String fromVersion, String toVersion) {
    List<Change> out = new ArrayList<>();
    for (Map.Entry<String, ComposeFacts.Image> e : compose.facts().images().entrySet()) {
      if (!compose.services().isEmpty() && !compose.services().contains(e.getKey())) continue;
      String raw = e.getValue().raw();
      boolean versioned = raw != null && VARIABLE.matcher(raw).find();
      out.add(versioned ? new Change(e.getKey(), with(raw, fromVersion), with(raw, toVersion), true)
          : new Change(e.getKey(), e.getValue().resolved(), e.getValue().resolved(), false));
    }
    return out;
  }

  /** {@code raw} with every version variable replaced by {@code version}. */
  static String with(String raw, String version) {
    Matcher m = VARIABLE.matcher(raw);
    return m.replaceAll(Matcher.quoteReplacement(version));
  }
}
