package dev.deploypipeline.compose;

import dev.deploypipeline.compose.YNode.YMap;
import dev.deploypipeline.compose.YNode.YScalar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a host needs to know about a Compose project before deploying or rolling it back: the host ports its
 * active services publish, its named volumes (data a rollback cannot undo) and each service's image before and after
 * interpolation. Loaded the way {@link ComposeValidator} loads files; findings are not reported here (that is
 * {@code compose_validate}'s job), so a mapping that does not parse is simply left out.
 */
public record ComposeFacts(List<PublishedPort> ports, Map<String, List<String>> namedVolumes,
    Map<String, Image> images, List<String> hostNetworkServices) {

  /** {@code hostStart..hostEnd} on {@code hostIp} ("" for every address). */
  public record PublishedPort(String service, String hostIp, int hostStart, int hostEnd, String protocol) {
    public String describe() {
      String range = hostStart == hostEnd ? String.valueOf(hostStart) : hostStart + "-" + hostEnd;
      return (hostIp.isEmpty() ? "" : hostIp + ":") + range + "/" + protocol;
    }
  }

  /** {@code raw} as written (e.g. {@code myapp-web:${TAG}}), {@code resolved} after interpolation. */
  public record Image(String raw, String resolved) {}

  public ComposeFacts {
    ports = List.copyOf(ports);
    namedVolumes = java.util.Collections.unmodifiableMap(new TreeMap<>(namedVolumes));
    images = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(images));
    hostNetworkServices = List.copyOf(hostNetworkServices);
  }

  /** Throws {@link ComposeInputException} when a file cannot be read; YAML errors leave the facts empty. */
  public static ComposeFacts load(ComposeRequest req) {
    Interpolator interpolator = new Interpolator(ComposeValidator.environment(req));
    Findings ignored = new Findings();
    List<YMap> roots = new ArrayList<>();
    if (req.content() != null) {
      add(YamlReader.read(req.contentName(), req.content(), interpolator, ignored), roots);
    } else {
      for (Path file : req.files()) {
        String text = ComposeValidator.read(ComposeValidator.resolve(req, file));
        add(YamlReader.read(file.toString(), text, interpolator, ignored), roots);
      }
    }
    if (roots.isEmpty()) return new ComposeFacts(List.of(), Map.of(), Map.of(), List.of());
    return of(new Project(ComposeMerger.merge(roots), req.profiles()));
  }

  private static void add(YNode root, List<YMap> roots) {
    if (root instanceof YMap m) roots.add(m);
  }

  private static ComposeFacts of(Project project) {
    List<PublishedPort> ports = new ArrayList<>();
    Map<String, TreeSet<String>> volumes = new TreeMap<>();
    for (String v : project.declared("volumes")) volumes.put(v, new TreeSet<>());
    Map<String, Image> images = new LinkedHashMap<>();
    List<String> hostNetwork = new ArrayList<>();
    for (Project.Service svc : project.activeServices()) {
      YMap def = svc.def();
      if (def.get("image") instanceof YScalar s && !s.isNull()) images.put(svc.name(), new Image(s.raw(), s.value()));
      // With network_mode: host Docker ignores ports: the service binds its own, which the hosting config names.
      if ("host".equals(def.text("network_mode"))) hostNetwork.add(svc.name());
      else {
        for (YNode item : Project.items(def.get("ports"))) {
          PortSpec spec = PortCheck.parse(svc.name(), item, new Findings());
          if (spec != null && spec.publishesHostPort()) {
            ports.add(new PublishedPort(svc.name(), spec.hostIp(), spec.hostStart(), spec.hostEnd(), spec.protocol()));
          }
        }
      }
      for (YNode item : Project.items(def.get("volumes"))) {
        String source = volumeSource(item);
        if (source != null && named(source)) volumes.computeIfAbsent(source, k -> new TreeSet<>()).add(svc.name());
      }
    }
    Map<String, List<String>> named = new TreeMap<>();
    volumes.forEach((k, v) -> named.put(k, List.copyOf(v)));
    return new ComposeFacts(ports, named, images, hostNetwork);
  }

  /** The source of {@code data:/var/lib} or of the long syntax's {@code type: volume, source: data}. */
  private static String volumeSource(YNode item) {
    if (item instanceof YScalar s && s.value() != null) {
      int colon = s.value().indexOf(':');
      return colon > 0 ? s.value().substring(0, colon) : null;
    }
    if (item instanceof YMap m && (m.text("type") == null || "volume".equals(m.text("type")))) return m.text("source");
    return null;
  }

  /** A volume name, not a bind mount's host path ({@code /srv}, {@code ./data}, {@code ~/x}). */
  private static boolean named(String source) {
    return !(source.startsWith("/") || source.startsWith(".") || source.startsWith("~") || source.startsWith("$"));
  }
}
