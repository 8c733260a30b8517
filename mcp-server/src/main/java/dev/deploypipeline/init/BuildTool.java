package dev.deploypipeline.init;

import java.util.List;
import java.util.Map;

/**
 * A build system found in a project, and the commands a starter config runs for its validate, build and test
 * stages. A null command means the project gives no hint; the starter then writes a step that fails with a
 * "TODO" telling the user which key to edit, rather than one that pretends to work.
 */
public record BuildTool(String name, String file, String validate, String build, String test) {

  static BuildTool maven(boolean wrapper) {
    String mvn = wrapper ? "./mvnw -B -q" : "mvn -B -q";
    return new BuildTool("Maven", wrapper ? "mvnw" : "pom.xml", mvn + " validate", mvn + " -DskipTests package",
        mvn + " test");
  }

  static BuildTool gradle(boolean wrapper, String file) {
    String gradle = wrapper ? "./gradlew -q" : "gradle -q";
    return new BuildTool("Gradle", wrapper ? "gradlew" : file, gradle + " help", gradle + " assemble",
        gradle + " test");
  }

  /** npm: lint, build and test only when package.json defines them (npm's "no test specified" stub does not count). */
  static BuildTool npm(Map<String, String> scripts) {
    String test = scripts.get("test");
    boolean hasTest = test != null && !test.contains("no test specified");
    return new BuildTool("npm", "package.json", scripts.containsKey("lint") ? "npm ci && npm run lint" : "npm ci",
        scripts.containsKey("build") ? "npm run build" : "npm pack --dry-run", hasTest ? "npm test" : null);
  }

  static BuildTool go() {
    return new BuildTool("Go", "go.mod", "go vet ./...", "go build ./...", "go test ./...");
  }

  static BuildTool cargo() {
    return new BuildTool("Cargo", "Cargo.toml", "cargo check", "cargo build --release", "cargo test");
  }

  /** make: the targets the Makefile declares; {@code make -n} at least proves it parses. */
  static BuildTool make(List<String> targets) {
    String validate = targets.contains("lint") ? "make lint" : targets.contains("check") ? "make check" : "make -n";
    return new BuildTool("make", "Makefile", validate, targets.contains("build") ? "make build" : "make",
        targets.contains("test") ? "make test" : null);
  }

  /** This tool's build followed by {@code then} (a container image build). */
  BuildTool thenBuild(String then) {
    return new BuildTool(name, file, validate, build == null ? then : build + " && " + then, test);
  }
}
