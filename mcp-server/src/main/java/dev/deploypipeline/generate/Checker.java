package dev.deploypipeline.generate;

import dev.deploypipeline.compose.ComposeReport;
import dev.deploypipeline.compose.ComposeRequest;
import dev.deploypipeline.compose.ComposeValidator;
import dev.deploypipeline.compose.Finding;
import dev.deploypipeline.compose.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks generated files with the real tools before anything is written: each file is staged in a temporary
 * directory under its own name, then {@code docker-compose config} (with the project directory as its project
 * directory, so env files and relative volumes resolve as they will), our own compose_validate,
 * {@code caddy validate} and {@code systemd-analyze verify} run on it. Any output on stderr from docker-compose
 * or systemd-analyze fails the file (both only warn about unknown keys and unset variables); caddy logs at info
 * level on stderr, so only its warnings and errors count.
 */
final class Checker {
  static final String COMPOSE_VALIDATE = "compose_validate";
  /** The programs a caller may choose not to run (each then leaves its files unchecked, and says so). */
  static final Set<String> PROGRAMS = Set.of("docker-compose", "caddy", "systemd-analyze");

  private final ToolRunner tools;
  private final Set<String> skip;

  Checker(ToolRunner tools, Set<String> skip) {
    this.tools = tools;
    this.skip = skip;
  }

  /** The Compose command: docker-compose (v1, Debian's) where present, else {@code docker compose} (v2). */
  List<String> composeCommand() {
    return tools.find("docker-compose").map(List::of)
        .or(() -> tools.find("docker").map(d -> List.of(d, "compose")))
        .orElse(List.of("/usr/bin/docker-compose"));
  }

  /** Problems found, and the checks that ran ({@code file: tool}) in {@code ran}. */
  List<Problem> check(List<Rendered> files, Path projectDir, List<String> ran) {
    Path stage = null;
    try {
      stage = Files.createTempDirectory("dp-generate");
      List<Problem> problems = new ArrayList<>();
      for (Rendered r : files) {
        Path staged = stage.resolve(r.path());
        Files.createDirectories(staged.getParent());
        Files.writeString(staged, r.text());
        switch (r.kind()) {
          case COMPOSE -> {
            composeConfig(r, staged, projectDir, ran).ifPresent(problems::add);
            problems.addAll(composeValidate(r, projectDir));
            ran.add(r.path() + ": " + COMPOSE_VALIDATE);
          }
          case CADDYFILE -> caddy(r, staged, ran).ifPresent(problems::add);
          case SYSTEMD -> systemd(r, staged, ran).ifPresent(problems::add);
        }
      }
      return problems;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stage generated files for checking: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking generated files", e);
    } finally {
      deleteTree(stage);
    }
  }

  private Optional<Problem> composeConfig(Rendered r, Path staged, Path projectDir, List<String> ran)
      throws IOException, InterruptedException {
    if (skip.contains("docker-compose")) return Optional.empty();
    if (tools.find("docker-compose").isEmpty() && tools.find("docker").isEmpty()) {
      return missing(r, "docker-compose", "apt-get install docker-compose (or Docker's compose plugin)");
    }
    List<String> cmd = new ArrayList<>(composeCommand());
    cmd.addAll(List.of("-f", staged.toString(), "--project-directory", projectDir.toString(), "config", "-q"));
    ToolRunner.Run run = tools.run(cmd, projectDir, Map.of());
    ran.add(r.path() + ": " + Kind.COMPOSE.tool());
    return failed(r, Kind.COMPOSE.tool(), run, run.stderr().strip(), staged);
  }

  private List<Problem> composeValidate(Rendered r, Path projectDir) {
    ComposeReport report = new ComposeValidator().validate(ComposeRequest.ofContent(r.path(), r.text())
        .withBaseDir(projectDir).withEnvironment(Map.of()));
    return report.findings().stream().filter(f -> f.severity() == Severity.ERROR)
        .sorted(Finding.ORDER).map(f -> new Problem(r.path(), COMPOSE_VALIDATE, f.render())).toList();
  }

  private Optional<Problem> caddy(Rendered r, Path staged, List<String> ran)
      throws IOException, InterruptedException {
    if (skip.contains("caddy")) return Optional.empty();
    if (tools.find("caddy").isEmpty()) return missing(r, "caddy", "apt-get install caddy");
    ToolRunner.Run run = tools.run(List.of(tools.find("caddy").get(), "validate", "--adapter", "caddyfile",
        "--config", staged.toString()), staged.getParent(), Map.of());
    ran.add(r.path() + ": " + Kind.CADDYFILE.tool());
    String complaints = run.stderr().lines()
        .filter(l -> !l.contains("\"level\":\"info\"") && !l.contains("\"level\":\"debug\"") && !l.isBlank())
        .collect(Collectors.joining("\n"));
    return failed(r, Kind.CADDYFILE.tool(), run, complaints, staged);
  }

  private Optional<Problem> systemd(Rendered r, Path staged, List<String> ran)
      throws IOException, InterruptedException {
    if (skip.contains("systemd-analyze")) return Optional.empty();
    if (tools.find("systemd-analyze").isEmpty()) return missing(r, "systemd-analyze", "apt-get install systemd");
    ToolRunner.Run run = tools.run(List.of(tools.find("systemd-analyze").get(), "verify", staged.toString()),
        staged.getParent(), Map.of("SYSTEMD_LOG_COLOR", "0", "SYSTEMD_PAGER", ""));
    ran.add(r.path() + ": " + Kind.SYSTEMD.tool());
    return failed(r, Kind.SYSTEMD.tool(), run, run.stderr().strip(), staged);
  }

  /** A failure when the tool exited non-zero or complained; the staged path is shown as the project's path. */
  private static Optional<Problem> failed(Rendered r, String tool, ToolRunner.Run run, String complaints,
      Path staged) {
    if (run.exit() == 0 && complaints.isEmpty()) return Optional.empty();
    String text = complaints.isEmpty() ? (run.stderr() + run.stdout()).strip() : complaints;
    text = text.replace(staged.toString(), r.path()).replace(staged.getParent().toString() + "/", "");
    if (run.exit() != 0) text = "exit " + run.exit() + (text.isEmpty() ? "" : ": " + text);
    return Optional.of(new Problem(r.path(), tool, text));
  }

  private static Optional<Problem> missing(Rendered r, String program, String install) {
    return Optional.of(new Problem(r.path(), program, program + " is not on PATH, so " + r.path()
        + " cannot be checked: " + install + ", or skip that check (--skip-check " + program
        + ") to write it unchecked"));
  }

  private static void deleteTree(Path dir) {
    if (dir == null) return;
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // A leftover temporary directory is harmless.
    }
  }
}
