package dev.deploypipeline.init;

import dev.deploypipeline.config.ConfigException;
import dev.deploypipeline.config.ConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * {@code setup}: {@code init} for a project that runs on its own server. It writes the pipeline config with a
 * {@code hosting} section drawn from what the project has (a Compose file, a Dockerfile, systemd units, a
 * Caddyfile; see {@link HostingDraft}). An existing config keeps its stages and environments and gains the
 * section; the file is still only replaced with {@code force}, and the diff shows what would change. The text is
 * checked by the config loader before anything is written.
 */
public final class Setup {
  public enum Format { JSON, YAML }

  /**
   * @param service the service name (null: the existing config's, else the directory's name)
   * @param domain the domain the sites are subdomains of (null: {@code <service>.localhost})
   * @param format the file format for a new config (an existing file keeps its own)
   */
  public record Options(String service, String domain, Format format, boolean force, boolean dryRun) {}

  /**
   * {@code outcome} says what happens to the file (WRITTEN: a new file; on a dry run, that it would be);
   * {@code written} whether this run changed it; {@code hosting} is null when nothing in the project tells how it runs.
   */
  public record Result(Initializer.Outcome outcome, boolean written, Path file, String service, List<String> found,
      Map<String, Object> config, Map<String, Object> hosting, List<String> diff) {
    /** The JSON view both front ends print. */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT));
      m.put("written", written);
      m.put("file", file.toString());
      m.put("service", service);
      m.put("found", found);
      m.put("hosting", hosting);
      m.put("diff", String.join("\n", diff));
      m.put("config", config);
      return m;
    }
  }

  private final Function<String, String> env;

  public Setup(Function<String, String> env) {
    this.env = env;
  }

  public Result run(Path projectDir, Options o) {
    Path dir = projectDir.toAbsolutePath().normalize();
    Optional<Path> existing = ConfigLoader.locate(dir);
    Path file = existing.orElse(dir.resolve(o.format() == Format.YAML ? ".claude/deployment-config.yaml"
        : Initializer.FILE));
    String relative = dir.relativize(file).toString();
    String old = existing.map(Setup::read).orElse(null);
    Map<String, Object> tree = old != null ? parse(old, relative) : null;
    String name = o.service() != null ? o.service()
        : tree != null && tree.get("service") instanceof String s ? s : Initializer.serviceName(dir);
    ProjectScan scan = ProjectScan.of(dir);
    HostingScan hostingScan = HostingScan.of(dir);
    if (tree == null) tree = StarterConfig.tree(name, scan);
    else if (o.service() != null) tree.put("service", name);
    Map<String, Object> hosting = HostingDraft.of(dir, name, o.domain(), scan, hostingScan);
    boolean any = !((Map<?, ?>) hosting.get("services")).isEmpty();
    if (any) tree.put("hosting", hosting);
    String text = relative.endsWith(".json") ? StarterConfig.text(tree) : yaml(tree);
    try {
      new ConfigLoader(env).parse(text, relative);
    } catch (ConfigException e) {
      throw new IllegalArgumentException("the config setup would write does not validate: "
          + String.join("; ", e.problems()) + (old != null ? " (fix " + relative + " first, or move it away)" : ""));
    }
    List<String> found = new ArrayList<>(scan.found());
    found.addAll(hostingScan.found());
    Map<String, Object> shownHosting = any ? hosting : null;
    if (old == null) {
      if (!o.dryRun()) write(file, text);
      return new Result(Initializer.Outcome.WRITTEN, !o.dryRun(), file, name, found, tree, shownHosting, List.of());
    }
    if (old.equals(text)) return new Result(Initializer.Outcome.UNCHANGED, false, file, name, found, tree, shownHosting, List.of());
    List<String> diff = Initializer.diff(relative, "setup", old, text);
    if (!o.force() || o.dryRun()) {
      return new Result(Initializer.Outcome.WOULD_REPLACE, false, file, name, found, tree, shownHosting, diff);
    }
    write(file, text);
    return new Result(Initializer.Outcome.REPLACED, true, file, name, found, tree, shownHosting, diff);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String text, String source) {
    Object tree;
    try {
      tree = source.endsWith(".json") ? tools.jackson.databind.json.JsonMapper.shared().readValue(text, LinkedHashMap.class)
          : new Load(LoadSettings.builder().build()).loadFromString(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(source + " cannot be read (" + e.getMessage().strip() + "); fix it first, "
          + "or move it away and run setup again");
    }
    if (!(tree instanceof Map)) throw new IllegalArgumentException(source + " is not an object; fix it or move it away");
    return new LinkedHashMap<>((Map<String, Object>) tree);
  }

  /** The domain setup proposes for a service: {@code <service>.localhost}, which binds to loopback only. */
  public static String defaultDomain(String service) {
    return ComposeImport.label(service) + ".localhost";
  }

  static String yaml(Map<String, Object> tree) {
    return new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setIndent(2)
        .setIndicatorIndent(2).setIndentWithIndicator(true).build()).dumpToString(tree);
  }

  private static void write(Path file, String text) {
    try {
      Initializer.write(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
    }
  }
}
