package dev.deploypipeline;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package layers of the production code, checked on its bytecode (imports, fully qualified names, class
 * literals, calls, signatures and annotations alike). A class may use its own package and the packages of strictly
 * lower layers, never a package of its own layer or of a higher one; front ends never use each other; and no group of
 * packages forms a cycle. A new package must be given its layer here before anything compiles against it.
 */
class LayeringTest {
  private static final String ROOT = "dev.deploypipeline";

  /**
   * Bottom first; one line per layer. Packages on the same line are peers that must not use each other. A package
   * name covers its subpackages, except that {@code mcp.stdio} is its own layer above {@code mcp}; {@code ""} is the
   * root package (Main). Packages that do not exist yet are allowed to be absent.
   */
  static final List<List<String>> LAYERS = List.of(
      List.of("secrets", "text", "proc"),                 // redaction, spelling hints, running tools: no project deps
      List.of("workflow"),                                // the domain model and the state machine as data
      List.of("store", "router"),                         // durable records; the traffic routers
      List.of("store.pg"),                                // the PostgreSQL store (team mode), on store's contract
      List.of("hosting"),                                 // the hosting section every self-hosted subsystem reads
      // subsystems, each owning its config section
      List.of("targets", "harness", "notify", "compose", "helm", "jira", "flags", "changes", "github"),
      // env files across environments; host pre-flight and rollback plans (they read compose, router)
      List.of("envfiles", "hostcheck", "rollbackplan"),
      List.of("config"),                                  // the pipeline config: composes the sections above
      List.of("executor", "approval"),                    // how a stage runs; who may approve
      List.of("engine"),                                  // drives a deployment through the stages
      List.of("rollout"),                                 // progressive delivery on top of the engine
      List.of("deploy", "init", "generate", "release"),   // the services both front ends call (init: starter config
                                                          // and setup; generate: compose, Caddyfile, systemd units;
                                                          // release: versions, changelog, tags)
      List.of("app"),                                     // the composition root: builds the service
      List.of("mcp", "cli", "rest", "dashboard"),         // front ends: MCP tools, CLI, REST API, web pages
      List.of("mcp.stdio", "web"),                        // transports: MCP over stdio; HTTP for rest, dashboard, MCP
      List.of(""));                                       // Main: chooses a front end

  /** Front ends never use each other (mcp covers mcp.stdio). */
  static final List<String> FRONT_ENDS = List.of("mcp", "cli", "rest", "dashboard");

  /**
   * Known violations another branch removes, as "origin class prefix -> target class prefix". Each must still
   * occur (see {@link #pendingExceptionsAreStillNeeded}): delete a line as soon as its dependency is gone.
   */
  static final List<String> PENDING = List.of();

  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages(ROOT);

  @Test
  void noDependencyRunsUpOrAcrossTheLayers() {
    layers().check(CLASSES);
  }

  @Test
  void frontEndsNeverUseEachOther() {
    List<String> violations = new ArrayList<>();
    for (String from : FRONT_ENDS) {
      for (String to : FRONT_ENDS) {
        if (from.equals(to)) continue;
        for (Dependency d : dependencies()) {
          if (inPackage(d.getOriginClass(), from) && inPackage(d.getTargetClass(), to) && !pending(d)) {
            violations.add(d.getDescription());
          }
        }
      }
    }
    assertThat(violations).as("front ends must share code through deploy or app, never import each other").isEmpty();
  }

  /**
   * The same order over the sources' imports: the bytecode misses an import used only for a constant (inlined) or
   * only in Javadoc.
   */
  @Test
  void noImportRunsUpOrAcrossTheLayers() throws IOException {
    List<String> violations = new ArrayList<>();
    Path sources = Path.of("src/main/java");
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String from = sources.relativize(f.getParent()).toString().replace('/', '.');
        String fromPackage = from.isEmpty() ? "" : from;
        for (String line : Files.readAllLines(f)) {
          Matcher m = IMPORT.matcher(line);
          if (!m.matches()) continue;
          String target = m.group(1);
          // The package ends before the first capitalised segment (a class, then perhaps nested ones or a member).
          String targetPackage = target.replaceFirst("\\.[A-Z].*", "");
          boolean pending = PENDING.stream().anyMatch(p -> pendingImport(p, fromPackage, f, target));
          if (targetPackage.equals(fromPackage) || pending) {
            continue;
          }
          int a = layerOf(fromPackage);
          int b = layerOf(targetPackage);
          boolean frontEnds = frontEnd(fromPackage) != null && frontEnd(targetPackage) != null
              && !frontEnd(fromPackage).equals(frontEnd(targetPackage));
          if (a >= 0 && b >= 0 && (b >= a || frontEnds)) violations.add(sources.relativize(f) + ": " + line.trim());
        }
      }
    }
    assertThat(violations).as("imports that run up or across LayeringTest.LAYERS").isEmpty();
  }

  private static final Pattern IMPORT = Pattern.compile("import (?:static )?(dev\\.deploypipeline\\.[\\w.*]+);");

  private static boolean pendingImport(String pending, String fromPackage, Path file, String target) {
    String[] parts = pending.split(" -> ");
    String origin = fromPackage + "." + file.getFileName().toString().replace(".java", "");
    return origin.startsWith(parts[0]) && target.startsWith(parts[1]);
  }

  private static String frontEnd(String pkg) {
    return FRONT_ENDS.stream().filter(p -> pkg.equals(full(p)) || pkg.startsWith(full(p) + ".")).findFirst()
        .orElse(null);
  }

  @Test
  void noPackageCycles() {
    slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void everyPackageHasALayer() {
    TreeSet<String> missing = CLASSES.stream().map(JavaClass::getPackageName).filter(p -> layerOf(p) < 0)
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(missing).as("packages without a layer: add each to LayeringTest.LAYERS, above everything it uses "
        + "and below everything that uses it").isEmpty();
  }

  @Test
  void pendingExceptionsAreStillNeeded() {
    for (String p : PENDING) {
      assertThat(dependencies().stream().anyMatch(d -> matches(p, d)))
          .as("LayeringTest.PENDING '%s' no longer occurs: delete it", p).isTrue();
    }
  }

  /** One ArchUnit layer per package; each may be used only by the layers strictly above its own. */
  static LayeredArchitecture layers() {
    LayeredArchitecture arch = layeredArchitecture().consideringOnlyDependenciesInLayers().withOptionalLayers(true);
    for (List<String> layer : LAYERS) {
      for (String p : layer) arch = arch.layer(name(p)).definedBy(pattern(p));
    }
    for (int i = 0; i < LAYERS.size(); i++) {
      List<String> above = LAYERS.subList(i + 1, LAYERS.size()).stream().flatMap(List::stream)
          .map(LayeringTest::name).toList();
      for (String p : LAYERS.get(i)) {
        arch = above.isEmpty() ? arch.whereLayer(name(p)).mayNotBeAccessedByAnyLayer()
            : arch.whereLayer(name(p)).mayOnlyBeAccessedByLayers(above.toArray(String[]::new));
      }
    }
    for (String p : PENDING) {
      String[] parts = p.split(" -> ");
      arch = arch.ignoreDependency(DescribedPredicate.describe(parts[0], c -> c.getName().startsWith(parts[0])),
          DescribedPredicate.describe(parts[1], c -> c.getName().startsWith(parts[1])));
    }
    return arch;
  }

  /** The layer index of a package name, or -1. */
  static int layerOf(String pkg) {
    int best = -1;
    int bestLength = -1;
    for (int i = 0; i < LAYERS.size(); i++) {
      for (String p : LAYERS.get(i)) {
        String full = full(p);
        boolean match = p.isEmpty() ? pkg.equals(ROOT) : pkg.equals(full) || pkg.startsWith(full + ".");
        if (match && full.length() > bestLength) {
          best = i;
          bestLength = full.length();
        }
      }
    }
    return best;
  }

  private static List<Dependency> dependencies() {
    List<Dependency> all = new ArrayList<>();
    for (JavaClass c : CLASSES) {
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        if (d.getTargetClass().getPackageName().startsWith(ROOT)) all.add(d);
      }
    }
    return all;
  }

  private static boolean pending(Dependency d) {
    return PENDING.stream().anyMatch(p -> matches(p, d));
  }

  private static boolean matches(String pending, Dependency d) {
    String[] parts = pending.split(" -> ");
    return d.getOriginClass().getName().startsWith(parts[0]) && d.getTargetClass().getName().startsWith(parts[1]);
  }

  private static boolean inPackage(JavaClass c, String p) {
    String full = full(p);
    return c.getPackageName().equals(full) || c.getPackageName().startsWith(full + ".");
  }

  private static String full(String p) {
    return p.isEmpty() ? ROOT : ROOT + "." + p;
  }

  private static String name(String p) {
    return p.isEmpty() ? "root" : p;
  }

  /** A package and its subpackages, except subpackages that are layers of their own. */
  private static String pattern(String p) {
    if (p.isEmpty()) return ROOT;
    boolean hasOwnSubLayers = LAYERS.stream().flatMap(List::stream).anyMatch(o -> o.startsWith(p + "."));
    return hasOwnSubLayers ? full(p) : full(p) + "..";
  }
}
