package dev.deploypipeline.init;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a project's top-level files say about how it is built and run: its build tools (in order of preference:
 * the first one drives the stages), a Dockerfile and a Compose file. Only the project directory itself is read.
 */
public record ProjectScan(List<BuildTool> tools, String dockerfile, String composeFile) {
  private static final List<String> COMPOSE_FILES =
      List.of("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml");
  private static final Pattern MAKE_TARGET = Pattern.compile("^([A-Za-z0-9][A-Za-z0-9_.-]*)\\s*:(?!=)", Pattern.MULTILINE);

  public static ProjectScan of(Path dir) {
    List<BuildTool> tools = new ArrayList<>();
    if (Files.isRegularFile(dir.resolve("pom.xml"))) tools.add(BuildTool.maven(Files.isRegularFile(dir.resolve("mvnw"))));
    for (String f : List.of("build.gradle.kts", "build.gradle")) {
      if (Files.isRegularFile(dir.resolve(f))) {
        tools.add(BuildTool.gradle(Files.isRegularFile(dir.resolve("gradlew")), f));
        break;
      }
    }
    if (Files.isRegularFile(dir.resolve("package.json"))) tools.add(BuildTool.npm(npmScripts(dir.resolve("package.json"))));
    if (Files.isRegularFile(dir.resolve("go.mod"))) tools.add(BuildTool.go());
    if (Files.isRegularFile(dir.resolve("Cargo.toml"))) tools.add(BuildTool.cargo());
    if (Files.isRegularFile(dir.resolve("Makefile"))) tools.add(BuildTool.make(makeTargets(dir.resolve("Makefile"))));
    String dockerfile = Files.isRegularFile(dir.resolve("Dockerfile")) ? "Dockerfile" : null;
    String compose = COMPOSE_FILES.stream().filter(f -> Files.isRegularFile(dir.resolve(f))).findFirst().orElse(null);
    return new ProjectScan(List.copyOf(tools), dockerfile, compose);
  }

  /** The files that were recognised, for the user: e.g. {@code pom.xml (Maven)}, {@code Dockerfile}. */
  public List<String> found() {
    List<String> found = new ArrayList<>();
    tools.forEach(t -> found.add(t.file() + " (" + t.name() + ")"));
    if (dockerfile != null) found.add(dockerfile);
    if (composeFile != null) found.add(composeFile);
    return found;
  }

  private static Map<String, String> npmScripts(Path packageJson) {
    Map<String, String> scripts = new LinkedHashMap<>();
    try {
      JsonNode node = JsonMapper.shared().readTree(Files.readString(packageJson)).path("scripts");
      for (Map.Entry<String, JsonNode> e : node.properties()) scripts.put(e.getKey(), e.getValue().asString(""));
    } catch (JacksonException e) {
      // A package.json npm itself could not read: no scripts, so the stages fall back to npm ci / npm pack.
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return scripts;
  }

  private static List<String> makeTargets(Path makefile) {
    List<String> targets = new ArrayList<>();
    try {
      Matcher m = MAKE_TARGET.matcher(Files.readString(makefile));
      while (m.find()) targets.add(m.group(1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return targets;
  }
}
