package dev.deploypipeline.compose;

import dev.deploypipeline.compose.YNode.YMap;
import dev.deploypipeline.secrets.Redactor;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates Compose files the way {@code docker compose config} loads them, and beyond: every file is parsed with
 * positions, interpolated, schema-checked on its own, then merged, and the merged project is checked for ports,
 * references, depends_on, values, security and hygiene. Stateless and thread-safe; the schema is built once.
 */
public final class ComposeValidator {

  /** Reads files and the env file; throws {@link ComposeInputException} when one cannot be read. */
  public ComposeReport validate(ComposeRequest req) {
    Map<String, String> env = environment(req);
    Interpolator interpolator = new Interpolator(env);
    Findings out = new Findings();
    List<String> names = new ArrayList<>();
    List<YMap> roots = new ArrayList<>();
    if (req.content() != null) {
      names.add(req.contentName());
      load(req.contentName(), req.content(), interpolator, out, roots);
    } else {
      for (Path file : req.files()) {
        String name = file.toString();
        names.add(name);
        load(name, read(resolve(req, file)), interpolator, out, roots);
      }
    }
    if (!roots.isEmpty()) {
      Project project = new Project(ComposeMerger.merge(roots), req.profiles());
      PortCheck.check(project, out);
      ReferenceCheck.check(project, out);
      DependsOnCheck.check(project, out);
      ValueCheck.check(project, out);
      SecurityCheck.check(project, out);
      HygieneCheck.check(project, out);
    }
    Redactor secrets = EnvSecrets.of(envFiles(req), req.environment());
    return new ComposeReport(out.sorted().stream().map(f -> secrets.isEmpty() ? f : new Finding(f.file(), f.line(),
        f.column(), f.ruleId(), f.severity(), secrets.redact(f.message()), secrets.redact(f.hint()))).toList(), names);
  }

  private static void load(String name, String text, Interpolator interpolator, Findings out, List<YMap> roots) {
    YNode root = YamlReader.read(name, text, interpolator, out);
    if (root == null) return;
    SchemaCheck.check(root, out);
    if (root instanceof YMap map) {
      if (map.get("version") != null) {
        out.add(Rule.OBSOLETE_VERSION, map.keyPos("version"), "the top-level version is obsolete and ignored",
            "remove the version: line");
      }
      roots.add(map);
    }
  }

  /**
   * The env file's variables, and the request's environment over them (as the shell's wins in Compose). The MCP
   * tool and the CLI pass no environment: the server's own variables are never interpolated.
   */
  static Map<String, String> environment(ComposeRequest req) {
    Map<String, String> env = new HashMap<>();
    for (Path f : envFiles(req)) env.putAll(EnvFile.read(f));
    env.putAll(req.environment());
    return env;
  }

  /** The env file interpolation reads: the given one, else the {@code .env} beside the first file or in baseDir. */
  private static List<Path> envFiles(ComposeRequest req) {
    Path envFile = req.envFile() == null ? null : resolve(req, req.envFile());
    if (envFile != null) {
      if (!Files.isRegularFile(envFile)) {
        throw new ComposeInputException("env file " + envFile + " does not exist; check the --env-file path");
      }
      return List.of(envFile);
    }
    Path dir = req.content() != null ? req.baseDir() : parent(resolve(req, req.files().get(0)));
    return dir != null && Files.isRegularFile(dir.resolve(".env")) ? List.of(dir.resolve(".env")) : List.of();
  }

  static Path resolve(ComposeRequest req, Path p) {
    return req.baseDir() == null ? p : req.baseDir().resolve(p);
  }

  private static Path parent(Path file) {
    Path abs = file.toAbsolutePath().getParent();
    return abs == null ? Path.of(".") : abs;
  }

  static String read(Path file) {
    if (!Files.exists(file)) {
      throw new ComposeInputException("compose file " + file + " does not exist; check the path");
    }
    try {
      return Files.readString(file);
    } catch (MalformedInputException e) {
      throw new ComposeInputException("compose file " + file + " is not UTF-8 text");
    } catch (IOException e) {
      throw new ComposeInputException("cannot read compose file " + file + ": " + e.getMessage());
    }
  }
}
