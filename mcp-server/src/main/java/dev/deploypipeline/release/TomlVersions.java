package dev.deploypipeline.release;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * The versions of {@code pyproject.toml} ({@code [project].version}, or {@code [tool.poetry].version}) and
 * {@code Cargo.toml} ({@code [package].version}, and {@code [workspace.package].version} that members inherit).
 * Jackson's TOML parser reads the document (so it must be valid TOML and the value a string in that table), but it
 * builds a tree without positions; the key's line is then found by walking the table headers and key lines, with
 * multi-line strings skipped, and the value there must equal what the parser read.
 */
final class TomlVersions {
  private static final TomlMapper TOML = TomlMapper.builder().build();
  private static final Pattern HEADER = Pattern.compile("^\\s*\\[\\s*([A-Za-z0-9_.\" -]+?)\\s*]\\s*(#.*)?$");
  private static final Pattern KEY = Pattern.compile("^\\s*([A-Za-z0-9_.\" -]+?)\\s*=\\s*([\"'])");

  private TomlVersions() {}

  static List<VersionSite> sites(Path project) {
    List<VersionSite> out = new ArrayList<>();
    out.addAll(sites(project, "pyproject.toml", List.of("project", "tool.poetry")));
    out.addAll(sites(project, "Cargo.toml", List.of("package", "workspace.package")));
    return out;
  }

  private static List<VersionSite> sites(Path project, String file, List<String> tables) {
    if (!Files.isRegularFile(project.resolve(file))) return List.of();
    String text = VersionFiles.read(project.resolve(file), file);
    JsonNode doc;
    try {
      doc = TOML.readTree(text);
    } catch (JacksonException e) {
      throw new ReleaseException(file + " is not valid TOML: " + e.getOriginalMessage(), "fix " + file
          + ", then run the release again");
    }
    List<VersionSite> out = new ArrayList<>();
    for (String table : tables) {
      JsonNode v = doc.at("/" + table.replace('.', '/') + "/version");
      if (v.isString()) out.add(locate(file, text, table, v.asString()));
    }
    return out;
  }

  /** The value of {@code version} under {@code [table]} (or {@code table.version} at the top) in the text. */
  static VersionSite locate(String file, String text, String table, String value) {
    String current = "";
    int offset = 0;
    String multiline = null;
    for (String line : text.split("(?<=\n)")) {
      int lineStart = offset;
      offset += line.length();
      if (multiline != null) {
        if (line.contains(multiline)) multiline = null;
        continue;
      }
      Matcher h = HEADER.matcher(line.stripTrailing());
      if (line.stripLeading().startsWith("[")) {
        current = h.matches() ? unquote(h.group(1)) : "[[array]]";
        continue;
      }
      Matcher k = KEY.matcher(line);
      if (!k.find()) {
        multiline = opensMultiline(line);
        continue;
      }
      String key = unquote(k.group(1));
      String full = current.isEmpty() ? key : current + "." + key;
      if (!full.equals(table + ".version")) {
        multiline = opensMultiline(line);
        continue;
      }
      if (line.startsWith(k.group(2).repeat(3), k.end() - 1)) break;
      return VersionSite.at(file, "[" + table + "].version", text, lineStart + k.end(), value);
    }
    throw new ReleaseException(file + ": [" + table + "].version is '" + value + "' but no plain `version = \"...\"`"
        + " line holds it (an inline table or a multi-line string?)", "write it as version = \"" + value
        + "\" under [" + table + "] in " + file + ", or bump it by hand");
  }

  private static String opensMultiline(String line) {
    for (String q : List.of("\"\"\"", "'''")) {
      int i = line.indexOf(q);
      if (i >= 0 && line.indexOf(q, i + 3) < 0) return q;
    }
    return null;
  }

  private static String unquote(String dotted) {
    return dotted.replace("\"", "").replaceAll("\\s*\\.\\s*", ".").strip();
  }
}
