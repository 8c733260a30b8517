package dev.deploypipeline.release;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version of a Gradle build: a top-level {@code version = "1.2.3"} (Kotlin or Groovy; Groovy's
 * {@code version '1.2.3'} and {@code project.version = ...} too) in {@code build.gradle(.kts)}, and {@code version}
 * in {@code gradle.properties}. A build script is a program, not data: no parser reads it as data, so a lexer that
 * knows its comments, strings and braces finds the assignment outside every block, and a version that is computed
 * (an expression, a {@code $} template) is refused rather than guessed.
 */
final class GradleVersions {
  private static final Pattern PROPERTY_LINE = Pattern.compile("(?m)^[ \\t\\f]*version[ \\t\\f]*[=:][ \\t\\f]*");

  private record Token(char kind, int start, int end, String text) {} // kind: i(dent) s(tring) n(ewline) o(ther)

  private GradleVersions() {}

  static List<VersionSite> sites(Path project) {
    List<VersionSite> out = new ArrayList<>();
    for (String file : List.of("build.gradle.kts", "build.gradle")) {
      if (Files.isRegularFile(project.resolve(file))) {
        VersionSite s = script(file, VersionFiles.read(project.resolve(file), file));
        if (s != null) out.add(s);
      }
    }
    if (Files.isRegularFile(project.resolve("gradle.properties"))) {
      VersionSite s = properties("gradle.properties", VersionFiles.read(project.resolve("gradle.properties"),
          "gradle.properties"));
      if (s != null) out.add(s);
    }
    return out;
  }

  /** {@code version} in a properties file, read by {@link Properties}; null when it sets none. */
  static VersionSite properties(String file, String text) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(text));
    } catch (IOException | IllegalArgumentException e) {
      throw new ReleaseException(file + " cannot be read as properties: " + e.getMessage(), "fix " + file);
    }
    String v = p.getProperty("version");
    if (v == null) return null;
    Matcher m = PROPERTY_LINE.matcher(text);
    int start = -1;
    while (m.find()) start = m.end(); // the last definition wins, as in Properties
    return VersionSite.at(file, "version", text, start, v.strip());
  }

  /** The top-level version assignment of a build script; null when there is none. */
  static VersionSite script(String file, String text) {
    List<Token> t = tokens(text);
    for (int i = 0; i < t.size(); i++) {
      boolean statementStart = i == 0 || t.get(i - 1).kind() == 'n' || t.get(i - 1).text().equals(";");
      if (!statementStart || depthBefore(t, i) != 0) continue;
      int j = i;
      if (t.get(j).text().equals("project") && j + 2 < t.size() && t.get(j + 1).text().equals(".")) j += 2;
      if (!t.get(j).text().equals("version") || t.get(j).kind() != 'i') continue;
      j++;
      if (j < t.size() && t.get(j).text().equals("=")) j++;
      Token value = j < t.size() ? t.get(j) : null;
      boolean ends = j + 1 >= t.size() || t.get(j + 1).kind() == 'n' || t.get(j + 1).text().equals(";");
      if (value == null || value.kind() != 's' || !ends || value.text().contains("$")) {
        throw new ReleaseException(file + ": the version is not a plain string literal (`version = "
            + "\"1.2.3\"`), so it cannot be bumped safely", "write it as a literal in " + file + " (or in "
            + "gradle.properties as version=1.2.3), or bump it by hand");
      }
      return VersionSite.at(file, "version", text, value.start(), value.text());
    }
    return null;
  }

  private static int depthBefore(List<Token> t, int index) {
    int depth = 0;
    for (int i = 0; i < index; i++) {
      String s = t.get(i).kind() == 'o' ? t.get(i).text() : "";
      if (s.equals("{") || s.equals("(") || s.equals("[")) depth++;
      if (s.equals("}") || s.equals(")") || s.equals("]")) depth--;
    }
    return depth;
  }

  /** Identifiers, string literals (their inner text), newlines and single characters; comments dropped. */
  private static List<Token> tokens(String s) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (s.startsWith("//", i)) {
        while (i < s.length() && s.charAt(i) != '\n') i++;
      } else if (s.startsWith("/*", i)) {
        int e = s.indexOf("*/", i + 2);
        i = e < 0 ? s.length() : e + 2;
      } else if (c == '"' || c == '\'') {
        String q = s.startsWith(String.valueOf(c).repeat(3), i) ? String.valueOf(c).repeat(3) : String.valueOf(c);
        int from = i + q.length();
        int e = from;
        while (e < s.length() && !s.startsWith(q, e)) e += s.charAt(e) == '\\' ? 2 : 1;
        e = Math.min(e, s.length());
        out.add(new Token('s', from, e, s.substring(from, e)));
        i = Math.min(e + q.length(), s.length());
      } else if (c == '\n') {
        out.add(new Token('n', i, i + 1, "\n"));
        i++;
      } else if (Character.isJavaIdentifierStart(c)) {
        int e = i;
        while (e < s.length() && Character.isJavaIdentifierPart(s.charAt(e))) e++;
        out.add(new Token('i', i, e, s.substring(i, e)));
        i = e;
      } else {
        if (!Character.isWhitespace(c)) out.add(new Token('o', i, i + 1, String.valueOf(c)));
        i++;
      }
    }
    return out;
  }
}
