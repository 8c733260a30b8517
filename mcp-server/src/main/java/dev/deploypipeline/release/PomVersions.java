package dev.deploypipeline.release;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The versions of a Maven reactor: the root {@code pom.xml} and every module it lists (recursively). A pom's
 * {@code project/version} is the project's version; a module's {@code project/parent/version} is bumped only when
 * that parent is a pom of the same reactor, so a third-party parent (Spring Boot's) and every dependency's version
 * stay as they are. A version written as {@code ${revision}} (CI-friendly versions) is bumped in the property.
 */
final class PomVersions {
  private static final Pattern PROPERTY = Pattern.compile("\\$\\{([A-Za-z0-9._-]+)}");

  private record Pom(String file, String text, Map<String, XmlPositions.Element> elements, List<String> modules) {
    String value(String path) {
      XmlPositions.Element e = elements.get(path);
      return e == null ? null : e.value();
    }

    String coordinates() {
      String group = value("project/groupId") != null ? value("project/groupId") : value("project/parent/groupId");
      return group + ":" + value("project/artifactId");
    }
  }

  private PomVersions() {}

  /** The sites of the reactor rooted at {@code project}/pom.xml; empty when there is no pom. */
  static List<VersionSite> sites(Path project) {
    if (!Files.isRegularFile(project.resolve("pom.xml"))) return List.of();
    Map<String, Pom> poms = new LinkedHashMap<>();
    collect(project, "pom.xml", poms);
    Pom root = poms.get("pom.xml");
    Set<String> reactor = new HashSet<>();
    poms.values().forEach(p -> reactor.add(p.coordinates()));
    List<VersionSite> out = new ArrayList<>();
    for (Pom p : poms.values()) {
      site(p, "project/version").ifPresent(out::add);
      String parent = p.value("project/parent/groupId") + ":" + p.value("project/parent/artifactId");
      if (p != root && reactor.contains(parent)) site(p, "project/parent/version").ifPresent(out::add);
    }
    if (out.isEmpty()) {
      throw new ReleaseException("pom.xml declares no project/version", "add <version> to pom.xml's <project>");
    }
    return out;
  }

  /** The site of the element at {@code path}, or of the property it names (in the same pom) when it is one. */
  private static java.util.Optional<VersionSite> site(Pom p, String path) {
    XmlPositions.Element e = p.elements().get(path);
    if (e == null) return java.util.Optional.empty();
    Matcher m = PROPERTY.matcher(e.value());
    if (m.matches()) {
      XmlPositions.Element prop = p.elements().get("project/properties/" + m.group(1));
      if (prop == null) {
        // Defined in a parent pom: that pom's own property site is found when that pom is read.
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(VersionSite.at(p.file(), "project/properties/" + m.group(1) + " (" + path + ")",
          p.text(), prop.valueStart(), prop.value()));
    }
    return java.util.Optional.of(VersionSite.at(p.file(), path, p.text(), e.valueStart(), e.value()));
  }

  private static void collect(Path project, String file, Map<String, Pom> poms) {
    if (poms.containsKey(file)) return;
    Path path = project.resolve(file);
    if (!Files.isRegularFile(path)) {
      throw new ReleaseException(file + " does not exist but a pom lists its module", "fix <modules> or add the "
          + "module's pom.xml");
    }
    String text = VersionFiles.read(path, file);
    List<XmlPositions.Element> all = XmlPositions.read(file, text, PomVersions::wanted);
    List<String> modules = all.stream().filter(e -> e.path().equals("project/modules/module"))
        .map(XmlPositions.Element::value).toList();
    Pom pom = new Pom(file, text, XmlPositions.byPath(all), modules);
    poms.put(file, pom);
    Path dir = Path.of(file).getParent();
    for (String module : modules) {
      String rel = (dir == null ? Path.of(module) : dir.resolve(module)).normalize().toString();
      collect(project, rel.endsWith(".xml") ? rel : rel + "/pom.xml", poms);
    }
  }

  private static boolean wanted(String path) {
    return switch (path) {
      case "project/version", "project/groupId", "project/artifactId", "project/parent/version",
           "project/parent/groupId", "project/parent/artifactId", "project/modules/module" -> true;
      default -> path.startsWith("project/properties/") && path.indexOf('/', "project/properties/".length()) < 0;
    };
  }
}
