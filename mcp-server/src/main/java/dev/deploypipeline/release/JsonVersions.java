package dev.deploypipeline.release;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The versions of an npm project: {@code package.json}'s {@code version}, the same in each workspace package it
 * lists ({@code workspaces} as an array of globs, or {@code {"packages": [...]}}), and in {@code package-lock.json}
 * the lock's own {@code version} and {@code packages[""].version}, as {@code npm version} keeps them. Located with
 * Jackson's streaming parser, whose token offsets are exact character positions; dependencies' versions are never
 * touched (only these paths are).
 */
final class JsonVersions {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private JsonVersions() {}

  static List<VersionSite> sites(Path project) {
    if (!Files.isRegularFile(project.resolve("package.json"))) return List.of();
    List<VersionSite> out = new ArrayList<>();
    String text = VersionFiles.read(project.resolve("package.json"), "package.json");
    out.addAll(find("package.json", text, List.of("/version")));
    for (String ws : workspaces(project, text)) {
      String f = ws + "/package.json";
      out.addAll(find(f, VersionFiles.read(project.resolve(f), f), List.of("/version")));
    }
    if (Files.isRegularFile(project.resolve("package-lock.json"))) {
      out.addAll(find("package-lock.json", VersionFiles.read(project.resolve("package-lock.json"),
          "package-lock.json"), List.of("/version", "/packages//version")));
    }
    return out;
  }

  /** The string values at the given JSON pointers ({@code /packages//version}: key "" under packages). */
  static List<VersionSite> find(String file, String text, List<String> pointers) {
    List<VersionSite> out = new ArrayList<>();
    Deque<String> path = new ArrayDeque<>();
    try (JsonParser p = JSON.createParser(text)) {
      JsonToken t;
      String name = null;
      while ((t = p.nextToken()) != null) {
        switch (t) {
          case PROPERTY_NAME -> name = p.currentName();
          case START_OBJECT, START_ARRAY -> {
            path.addLast(name == null ? "" : name);
            name = null;
          }
          case END_OBJECT, END_ARRAY -> path.removeLast();
          default -> {
            String pointer = String.join("/", path) + "/" + name;
            if (t == JsonToken.VALUE_STRING && pointers.contains(pointer)) {
              // The token starts at the opening quote; a version has nothing to escape, which at() checks.
              int start = (int) p.currentTokenLocation().getCharOffset() + 1;
              out.add(VersionSite.at(file, pointer.substring(1).replace("//", "[\"\"]/").replace('/', '.'), text,
                  start, p.getString()));
            }
            name = null;
          }
        }
      }
    } catch (JacksonException e) {
      throw new ReleaseException(file + " is not valid JSON: " + e.getOriginalMessage() + " (line "
          + e.getLocation().getLineNr() + ")", "fix " + file + ", then run the release again");
    }
    return out;
  }

  /** The workspace directories (relative), by the globs package.json lists; each must hold a package.json. */
  private static List<String> workspaces(Path project, String text) {
    JsonNode root = JSON.readTree(text);
    JsonNode ws = root.path("workspaces");
    if (ws.isObject()) ws = ws.path("packages");
    if (!ws.isArray()) return List.of();
    List<String> dirs = new ArrayList<>();
    for (JsonNode g : ws) {
      String glob = g.asString().replaceAll("/+$", "");
      PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob);
      try (Stream<Path> found = Files.walk(project, glob.split("/").length)) {
        found.filter(d -> !d.equals(project) && Files.isRegularFile(d.resolve("package.json")))
            .map(project::relativize).filter(m::matches).map(Path::toString).sorted()
            .filter(d -> !d.contains("node_modules")).forEach(dirs::add);
      } catch (IOException e) {
        throw new ReleaseException("cannot list the workspace " + glob + ": " + e.getMessage(), "check the "
            + "workspaces of package.json");
      }
    }
    return dirs.stream().distinct().toList();
  }
}
