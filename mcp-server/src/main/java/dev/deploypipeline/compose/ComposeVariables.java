package dev.deploypipeline.compose;

import dev.deploypipeline.compose.YNode.YMap;
import dev.deploypipeline.compose.YNode.YScalar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Compose files ask of the environment: every {@code ${VAR}} they interpolate (read by the same parser and
 * interpolator as {@link ComposeValidator}, so the two never disagree on what a reference is), and every
 * {@code env_file} a service loads whole into its container.
 */
public final class ComposeVariables {
  /** One variable: where it is first referenced, and whether every reference has a default. */
  public record Reference(String name, String file, int line, boolean withDefault) {}

  /** {@code references} by name; {@code envFiles} as written in the files (relative to the compose file). */
  public record Usage(Map<String, Reference> references, Set<String> envFiles) {
    public boolean references(String name) {
      return references.containsKey(name);
    }
  }

  private ComposeVariables() {}

  /** Reads each file; throws {@link ComposeInputException} naming a file that is missing or unreadable. */
  public static Usage of(List<Path> files) {
    Map<String, Reference> refs = new LinkedHashMap<>();
    Set<String> envFiles = new LinkedHashSet<>();
    for (Path f : files) {
      String text;
      try {
        text = Files.readString(f);
      } catch (IOException e) {
        throw new ComposeInputException("cannot read compose file " + f + ": " + e.getMessage()
            + "; check the path (compose files are read from the project directory)");
      }
      Interpolator interpolator = new Interpolator(Map.of(), (name, withDefault, pos) -> refs.merge(name,
          new Reference(name, f.toString(), pos.line(), withDefault),
          (old, now) -> old.withDefault() && !withDefault ? new Reference(name, old.file(), old.line(), false) : old));
      YNode root = YamlReader.read(f.toString(), text, interpolator, new Findings());
      if (root instanceof YMap map) envFiles.addAll(envFiles(map));
    }
    return new Usage(refs, envFiles);
  }

  private static List<String> envFiles(YMap root) {
    List<String> out = new ArrayList<>();
    YMap services = root.map("services");
    if (services == null) return out;
    for (YNode.Entry e : services.entries().values()) {
      if (!(e.value() instanceof YMap def)) continue;
      for (YNode item : Project.items(def.get("env_file"))) {
        if (item instanceof YScalar s && s.value() != null) out.add(s.value());
        else if (item instanceof YMap m && m.text("path") != null) out.add(m.text("path"));
      }
    }
    return out;
  }
}
