package dev.deploypipeline.config;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.json.JsonMapper;

/**
 * The config file as written (before {@code ${VAR}} interpolation), for commands that edit it. A change is saved
 * only after the new text passes {@link ConfigLoader#parse} exactly as a load would, so an invalid edit writes
 * nothing. JSON keeps its key order; YAML is written back by the same YAML library, which cannot keep comments, so
 * a YAML file with comments is refused rather than silently stripped.
 */
public final class ConfigDocument {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter(
      Separators.createDefaultInstance().withObjectNameValueSpacing(Separators.Spacing.AFTER));

  private final Path file;
  private final String text;
  private final Map<String, Object> tree;

  private ConfigDocument(Path file, String text, Map<String, Object> tree) {
    this.file = file;
    this.text = text;
    this.tree = tree;
  }

  /** The project's config file, parsed into ordered maps and lists; a {@link ConfigException} when it cannot be. */
  @SuppressWarnings("unchecked")
  public static ConfigDocument read(Path projectDir) {
    Path file = ConfigLoader.locate(projectDir).orElseThrow(() -> new ConfigException(
        projectDir.resolve(".claude").toString(), List.of("no deployment-config.json or deployment-config.yaml "
            + "found; run `deployment-pipeline init` in the project for a starter config")));
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(file.toString(), List.of("cannot be read: " + e.getMessage()));
    }
    Object parsed;
    if (json(file)) {
      parsed = JsonSyntax.read(text, file.toString());
    } else {
      try {
        parsed = new org.snakeyaml.engine.v2.api.Load(LoadSettings.builder().setLabel(file.toString()).build())
            .loadFromString(text);
      } catch (YamlEngineException e) {
        throw new ConfigException(file.toString(), List.of("is not valid YAML: " + e.getMessage().strip()));
      }
    }
    if (!(parsed instanceof Map)) {
      throw new ConfigException(file.toString(), List.of("must be an object with keys service, stages, environments"));
    }
    return new ConfigDocument(file, text, (Map<String, Object>) parsed);
  }

  public Path file() {
    return file;
  }

  /** A deep, mutable copy of the file's tree (maps keep the file's key order). */
  public Map<String, Object> tree() {
    return copy(tree);
  }

  /**
   * Writes {@code changed} in the file's format if {@code loader} accepts it as it would accept the file on load;
   * otherwise throws that {@link ConfigException} (problems named by path) and leaves the file untouched.
   */
  public PipelineConfig save(Map<String, Object> changed, ConfigLoader loader) {
    if (!json(file) && hasComments(text)) {
      throw new ConfigException(file.toString(), List.of("has YAML comments, which rewriting the file would lose; "
          + "make this change by hand, or move the comments out (e.g. into a README) and run the command again"));
    }
    String out = render(changed);
    PipelineConfig config = loader.parse(out, file.toString());
    try {
      if (!Files.readString(file).equals(text)) {
        throw new ConfigException(file.toString(), List.of("changed on disk while this edit was being made; run "
            + "the command again"));
      }
      Path tmp = Files.createTempFile(file.getParent(), ".deployment-config", ".tmp");
      try {
        Files.writeString(tmp, out);
        try {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new ConfigException(file.toString(), List.of("cannot be written: " + e.getMessage()));
    }
    return config;
  }

  /** {@code tree} as the file's format writes it: JSON with two-space indents, or block-style YAML. */
  public String render(Map<String, Object> changed) {
    if (json(file)) return JSON.writer().with(PRETTY).writeValueAsString(changed) + "\n";
    return new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setIndent(2).build())
        .dumpToString(changed);
  }

  private static boolean json(Path file) {
    return file.getFileName().toString().endsWith(".json");
  }

  static boolean hasComments(String yaml) {
    try {
      for (Event e : new Parse(LoadSettings.builder().setParseComments(true).build()).parseString(yaml)) {
        if (e.getEventId() == Event.ID.Comment) return true;
      }
      return false;
    } catch (YamlEngineException e) {
      return true; // unreadable as YAML: never rewrite it
    }
  }

  @SuppressWarnings("unchecked")
  static <T> T copy(T value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), copy(v)));
      return (T) out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(v -> out.add(copy(v)));
      return (T) out;
    }
    return value;
  }
}
