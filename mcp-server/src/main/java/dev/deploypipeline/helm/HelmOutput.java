package dev.deploypipeline.helm;

import dev.deploypipeline.helm.HelmFinding.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what {@code helm lint} and {@code helm template} print into findings with file and line: template errors
 * carry {@code <chart>/templates/x.yaml:LINE:COL}; schema errors carry the value's path ({@code at '/image/tag'}),
 * which is looked up in the values files (the last file that sets it, as helm merges them); YAML errors in the
 * rendered output carry a line of the rendered template.
 */
final class HelmOutput {
  private static final Pattern BLOCK_START = Pattern.compile("^(?:\\[(ERROR|WARNING|INFO)] |Error: )(.*)$");
  private static final Pattern SCHEMA = Pattern.compile("(?:^|\\s)- at '([^']*)': (.*)$");
  private static final Pattern TEMPLATE_AT = Pattern.compile("([^\\s():]+/templates/[^\\s():]+):(\\d+)(?::(\\d+))?");
  private static final Pattern YAML_LINE = Pattern.compile(
      "(?:YAML parse error on ([^\\s:]+)|^([^\\s:]+): unable to parse YAML).*?\\byaml: line (\\d+): (.*)$");
  private static final Pattern ADDITIONAL = Pattern.compile("additional propert(?:y|ies) (.+) not allowed");
  private static final Pattern QUOTED = Pattern.compile("'([^']+)'");
  private static final Pattern MISSING = Pattern.compile("missing propert(?:y|ies) (.+)$");

  private final Path projectDir;
  private final String chart;
  private final List<String> values;

  /** {@code chart} and {@code values} relative to {@code projectDir}, values in the order helm applies them. */
  HelmOutput(Path projectDir, String chart, List<String> values) {
    this.projectDir = projectDir;
    this.chart = chart;
    this.values = values;
  }

  List<HelmFinding> parse(String output, List<String> envs) {
    List<HelmFinding> out = new ArrayList<>();
    Level level = null;
    StringBuilder block = new StringBuilder();
    for (String line : (output + "\n[INFO] end").split("\n")) {
      Matcher m = BLOCK_START.matcher(line);
      boolean ends = line.startsWith("==>") || line.matches("^\\d+ chart\\(s\\) linted.*") || line.startsWith("Use --debug");
      if (m.matches() || ends) {
        if (level != null) out.addAll(block(level, block.toString().strip(), envs));
        level = null;
        if (m.matches() && !m.group(2).matches("\\d+ chart\\(s\\) linted.*")) {
          level = m.group(1) == null || m.group(1).equals("ERROR") ? Level.ERROR
              : m.group(1).equals("WARNING") ? Level.WARNING : null;
          block = new StringBuilder(m.group(2));
        }
      } else if (level != null) {
        block.append('\n').append(line);
      }
    }
    return out;
  }

  private List<HelmFinding> block(Level level, String text, List<String> envs) {
    if (text.contains("unable to load chart")) return List.of();
    List<HelmFinding> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      Matcher s = SCHEMA.matcher(line);
      if (s.find()) out.addAll(schema(s.group(1), s.group(2).strip(), envs));
    }
    if (!out.isEmpty()) return out;
    String flat = text.replaceAll("\\s*\\n\\s*", " ").strip();
    Matcher y = YAML_LINE.matcher(flat);
    if (y.find()) {
      String file = inChart(y.group(1) != null ? y.group(1) : y.group(2));
      int line = Integer.parseInt(y.group(3));
      return List.of(new HelmFinding(file, line, null, "manifest-yaml", level, "the rendered template is not valid "
          + "YAML at line " + line + " of its output: " + y.group(4), "check indentation around that line; "
          + "`helm template` with --debug shows the rendered text", envs));
    }
    Matcher t = TEMPLATE_AT.matcher(flat);
    if (t.find()) {
      String body = flat.replaceFirst("^[^\\s:]*: ", "");  // lint's "templates/: " prefix
      String message = body.replace(t.group(0), "").replaceAll("^\\W+|parse error at \\(\\)\\W*", "").strip();
      if (body.startsWith("parse error")) message = "parse error: " + message;
      return List.of(new HelmFinding(inChart(t.group(1)), Integer.parseInt(t.group(2)),
          t.group(3) == null ? null : Integer.valueOf(t.group(3)), "template", level, message,
          "fix the template at that line", envs));
    }
    int colon = flat.indexOf(": ");
    String where = colon < 0 ? "" : flat.substring(0, colon);
    String message = colon < 0 ? flat : flat.substring(colon + 2);
    if (where.equals("Chart.yaml")) {
      String file = chart + "/Chart.yaml";
      String key = message.split("[\\s:]", 2)[0];
      Integer line = read(file).flatMap(y2 -> YamlLines.lineOf(y2, "/" + key)).orElse(null);
      return List.of(new HelmFinding(file, line, null, "chart", level, message, null, envs));
    }
    String file = where.isEmpty() || where.equals("templates/") || where.contains(" ") ? chart : chart + "/" + where;
    return List.of(new HelmFinding(file, null, null, "lint", level, colon < 0 || where.contains(" ") ? flat : message,
        null, envs));
  }

  private List<HelmFinding> schema(String pointer, String message, List<String> envs) {
    List<HelmFinding> out = new ArrayList<>();
    Matcher a = ADDITIONAL.matcher(message);
    Matcher miss = MISSING.matcher(message);
    if (a.find()) {
      Matcher q = QUOTED.matcher(a.group(1));
      while (q.find()) {
        String p = pointer + "/" + q.group(1);
        out.add(schemaFinding(p, "'" + dotted(p) + "' is not allowed by the chart's values.schema.json", envs));
      }
      return out;
    }
    String text = dotted(pointer).isEmpty() ? message : dotted(pointer) + ": " + message;
    if (miss.find()) text = (dotted(pointer).isEmpty() ? "values" : dotted(pointer)) + ": " + message;
    out.add(schemaFinding(pointer, text, envs));
    return out;
  }

  private HelmFinding schemaFinding(String pointer, String message, List<String> envs) {
    List<String> files = new ArrayList<>(values);
    java.util.Collections.reverse(files);
    files.add(chart + "/values.yaml");
    for (String f : files) {
      Optional<Integer> line = read(f).flatMap(y -> YamlLines.lineOf(y, pointer));
      if (line.isPresent()) {
        return new HelmFinding(f, line.get(), null, "values-schema", Level.ERROR, message,
            "fix the value in " + f + ", or the schema in " + chart + "/values.schema.json", envs);
      }
    }
    String f = values.isEmpty() ? chart + "/values.yaml" : values.get(values.size() - 1);
    return new HelmFinding(f, null, null, "values-schema", Level.ERROR, message,
        "set it in " + f + " (see " + chart + "/values.schema.json)", envs);
  }

  /** {@code members/templates/x.yaml} (helm names the chart, not its directory) to a project-relative path. */
  private String inChart(String helmPath) {
    int slash = helmPath.indexOf('/');
    String rest = helmPath.startsWith("templates/") || slash < 0 ? helmPath : helmPath.substring(slash + 1);
    return chart + "/" + rest;
  }

  private static String dotted(String pointer) {
    return pointer.replaceFirst("^/", "").replace('/', '.');
  }

  private Optional<String> read(String file) {
    try {
      return Optional.of(Files.readString(projectDir.resolve(file)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
