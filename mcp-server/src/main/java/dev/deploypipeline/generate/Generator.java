package dev.deploypipeline.generate;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.hosting.HostingConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code generate}: renders the Compose file, the Caddyfile and the systemd units from the config's hosting
 * section, checks every one with the real tools, and only when all pass writes those that changed. A file that
 * was edited by hand since it was generated (its header's hash no longer matches) or that generate never wrote is
 * kept unless {@code force}; the diff shows what generate would have written. The same config gives the same
 * bytes, so a second run changes nothing.
 */
public final class Generator {
  /** What happened to one file. */
  public enum Action { CREATED, UPDATED, UNCHANGED, KEPT_EDITED, KEPT_FOREIGN, REPLACED }

  public record FileResult(String path, Kind kind, Action action, List<String> diff) {
    /** True when the file on disk now is (or, on a dry run, would be) what generate renders. */
    public boolean current() {
      return action != Action.KEPT_EDITED && action != Action.KEPT_FOREIGN;
    }
  }

  /**
   * @param written false on a dry run or when a check failed (then nothing was written)
   * @param checks each check that ran, as {@code file: tool}
   * @param skipped the programs the caller chose not to run
   */
  public record Result(boolean written, List<FileResult> files, List<Problem> problems, List<String> checks,
      List<String> skipped) {
    public boolean ok() {
      return problems.isEmpty();
    }

    /** The files kept because they were edited by hand or never generated. */
    public List<FileResult> kept() {
      return files.stream().filter(f -> !f.current()).toList();
    }

    /** The JSON view both front ends print. */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("ok", ok());
      m.put("written", written);
      m.put("files", files.stream().map(f -> {
        Map<String, Object> v = new java.util.LinkedHashMap<>();
        v.put("path", f.path());
        v.put("kind", f.kind().name().toLowerCase(java.util.Locale.ROOT));
        v.put("action", f.action().name().toLowerCase(java.util.Locale.ROOT));
        v.put("diff", String.join("\n", f.diff()));
        return v;
      }).toList());
      m.put("problems", problems.stream().map(p -> Map.of("file", p.file(), "tool", p.tool(), "message", p.message()))
          .toList());
      m.put("checks", checks);
      m.put("skippedChecks", skipped);
      return m;
    }
  }

  public record Options(boolean force, boolean dryRun, Set<String> skipChecks) {
    public Options {
      skipChecks = Set.copyOf(skipChecks);
      for (String s : skipChecks) {
        if (!Checker.PROGRAMS.contains(s)) {
          throw new IllegalArgumentException("skip check '" + s + "': unknown; the checks are "
              + String.join(", ", Checker.PROGRAMS.stream().sorted().toList()));
        }
      }
    }
  }

  private final Map<String, String> env;

  /** {@code env}: the environment the validators run with (its PATH finds them). */
  public Generator(Map<String, String> env) {
    this.env = env;
  }

  public Result run(Path projectDir, PipelineConfig config, Options options) {
    Path dir = projectDir.toAbsolutePath().normalize();
    HostingConfig hosting = config.hosting();
    if (hosting == null) {
      throw new IllegalArgumentException("the config has no hosting section: run `deployment-pipeline setup` to add "
          + "one, or add \"hosting\": {\"domain\": \"example.com\", \"services\": {\"web\": {\"image\": \"myapp-web\", "
          + "\"port\": 8080, \"subdomain\": \"www\"}}} to .claude/deployment-config.json");
    }
    Checker checker = new Checker(new ToolRunner(env), options.skipChecks());
    List<Rendered> rendered = render(hosting, config.service(), dir, checker.composeCommand());
    List<FileResult> files = new ArrayList<>();
    for (Rendered r : rendered) files.add(compare(dir, r, options.force()));
    List<String> ran = new ArrayList<>();
    List<Problem> problems = checker.check(rendered, dir, ran);
    List<String> skipped = options.skipChecks().stream().sorted().toList();
    if (!problems.isEmpty() || options.dryRun()) return new Result(false, files, problems, ran, skipped);
    for (int i = 0; i < rendered.size(); i++) {
      Action a = files.get(i).action();
      if (a == Action.CREATED || a == Action.UPDATED || a == Action.REPLACED) write(dir, rendered.get(i));
    }
    return new Result(true, files, problems, ran, skipped);
  }

  /** Every file the hosting section yields, in a fixed order: Compose file, Caddyfile, units. */
  static List<Rendered> render(HostingConfig h, String service, Path projectDir, List<String> composeCommand) {
    String project = h.projectOr(service);
    List<Rendered> out = new ArrayList<>();
    boolean containers = !h.containers().isEmpty();
    if (containers) out.add(Rendered.of(h.composeFileOrDefault(), Kind.COMPOSE, ComposeRenderer.render(h)));
    if (CaddyfileRenderer.hasSites(h)) {
      out.add(Rendered.of(h.caddyOrDefault().caddyfileOrDefault(), Kind.CADDYFILE, CaddyfileRenderer.render(h)));
    }
    String units = h.systemdDirOrDefault();
    if (containers) {
      out.add(Rendered.of(units + "/" + SystemdRenderer.composeUnitName(project), Kind.SYSTEMD,
          SystemdRenderer.composeUnit(project, h.composeFileOrDefault(), projectDir, composeCommand)));
    }
    h.natives().forEach((name, s) -> out.add(Rendered.of(units + "/" + SystemdRenderer.nativeUnitName(project, name),
        Kind.SYSTEMD, SystemdRenderer.nativeUnit(project, name, s, projectDir))));
    return out;
  }

  private static FileResult compare(Path dir, Rendered r, boolean force) {
    Path file = dir.resolve(r.path());
    if (!Files.exists(file)) return new FileResult(r.path(), r.kind(), Action.CREATED, List.of());
    String old;
    try {
      old = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (old.equals(r.text())) return new FileResult(r.path(), r.kind(), Action.UNCHANGED, List.of());
    List<String> diff = diff(r.path(), old, r.text());
    return switch (Header.state(old)) {
      case GENERATED -> new FileResult(r.path(), r.kind(), Action.UPDATED, diff);
      case EDITED -> new FileResult(r.path(), r.kind(), force ? Action.REPLACED : Action.KEPT_EDITED, diff);
      case FOREIGN -> new FileResult(r.path(), r.kind(), force ? Action.REPLACED : Action.KEPT_FOREIGN, diff);
    };
  }

  static List<String> diff(String name, String old, String now) {
    List<String> a = old.lines().toList(), b = now.lines().toList();
    return UnifiedDiffUtils.generateUnifiedDiff(name, name + " (generated)", a, DiffUtils.diff(a, b), 3);
  }

  private static void write(Path dir, Rendered r) {
    Path file = dir.resolve(r.path());
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
      try {
        Files.writeString(tmp, r.text());
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
