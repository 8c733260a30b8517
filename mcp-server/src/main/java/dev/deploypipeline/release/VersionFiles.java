package dev.deploypipeline.release;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every place the project declares its version, across the formats release prepare knows: Maven (every module),
 * npm (workspaces, lock), pyproject.toml, Cargo.toml, Gradle and a {@code VERSION} file. Each format's reader
 * finds the characters; writing splices the new version into the original text and leaves the rest byte for byte.
 */
public final class VersionFiles {
  /** The files that may declare a version, for messages. */
  public static final String KNOWN = "pom.xml, package.json, pyproject.toml, Cargo.toml, build.gradle(.kts), "
      + "gradle.properties, VERSION";

  private VersionFiles() {}

  /** Every version site under {@code project}, in a stable order (by format, then file). */
  public static List<VersionSite> find(Path project) {
    List<VersionSite> out = new ArrayList<>();
    out.addAll(PomVersions.sites(project));
    out.addAll(JsonVersions.sites(project));
    out.addAll(TomlVersions.sites(project));
    out.addAll(GradleVersions.sites(project));
    VersionSite plain = plain(project);
    if (plain != null) out.add(plain);
    return out;
  }

  /** The one version the sites agree on; a clear error listing them when they differ. */
  public static String agreed(List<VersionSite> sites) {
    Map<String, List<String>> byVersion = new LinkedHashMap<>();
    for (VersionSite s : sites) byVersion.computeIfAbsent(s.version(), k -> new ArrayList<>()).add(s.file() + " "
        + s.where());
    if (byVersion.size() > 1) {
      throw new ReleaseException("the project's files declare different versions: " + byVersion, "make them "
          + "agree (each should hold the current release's version), commit, and run release prepare again");
    }
    return byVersion.isEmpty() ? null : byVersion.keySet().iterator().next();
  }

  /** The new text of each file with every site set to {@code version}, by file; nothing is written. */
  public static Map<String, String> bumped(Path project, List<VersionSite> sites, String version) {
    Map<String, List<VersionSite>> byFile = new TreeMap<>();
    for (VersionSite s : sites) byFile.computeIfAbsent(s.file(), k -> new ArrayList<>()).add(s);
    Map<String, String> out = new LinkedHashMap<>();
    byFile.forEach((file, fileSites) -> out.put(file, Splice.apply(read(project.resolve(file), file), fileSites,
        version)));
    return out;
  }

  /** Writes what {@link #bumped} gave, as UTF-8. */
  public static void write(Path project, Map<String, String> texts) {
    texts.forEach((file, text) -> {
      try {
        Files.writeString(project.resolve(file), text, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new ReleaseException("cannot write " + file + ": " + e.getMessage(), "check the file's permissions");
      }
    });
  }

  /** A {@code VERSION} file: its one line is the version, whatever surrounds it. */
  private static VersionSite plain(Path project) {
    if (!Files.isRegularFile(project.resolve("VERSION"))) return null;
    String text = read(project.resolve("VERSION"), "VERSION");
    String v = text.strip();
    if (v.isEmpty() || v.contains("\n")) {
      throw new ReleaseException("VERSION must hold one version on one line", "write the current version into "
          + "VERSION, e.g. 1.2.3");
    }
    return VersionSite.at("VERSION", "the file", text, text.indexOf(v), v);
  }

  /** A file's text, strictly UTF-8 (a file in another encoding is refused, not rewritten wrongly). */
  static String read(Path path, String name) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(path)))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ReleaseException(name + " is not UTF-8", "convert " + name + " to UTF-8, or bump it by hand");
    } catch (IOException e) {
      throw new ReleaseException("cannot read " + name + ": " + e.getMessage(), "check the file");
    }
  }
}
