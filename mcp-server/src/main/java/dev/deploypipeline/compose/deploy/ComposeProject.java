package dev.deploypipeline.compose.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One Compose project (file + project name) at an image tag: every call exports {@code TAG} and {@code VERSION} as
 * that tag, so {@code image: myapp-web:${TAG}} selects the release. Command lines and their output go to {@code log}
 * (the stage log, which redacts); {@code config}'s output is never logged, since it holds interpolated values.
 */
final class ComposeProject {
  static final Duration SHORT = Duration.ofSeconds(60);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A container of a service as {@code docker inspect} shows it; {@code health} is null without a healthcheck. */
  record Container(String id, String name, String image, String status, String health, int exitCode,
      String lastHealthOutput, int restarts) {
    boolean running() {
      return "running".equals(status);
    }

    /** The tag of its image: after the last ':' that follows the last '/' ({@code host:5000/a/b:tag}). */
    String tag() {
      int slash = image.lastIndexOf('/');
      int colon = image.lastIndexOf(':');
      return colon > slash ? image.substring(colon + 1) : "latest";
    }
  }

  private final ComposeCli cli;
  private final String file;
  private final String project;
  private final Duration timeout;
  private final Consumer<String> log;

  ComposeProject(ComposeCli cli, String file, String project, Duration timeout, Consumer<String> log) {
    this.cli = cli;
    this.file = file;
    this.project = project;
    this.timeout = timeout;
    this.log = log;
  }

  String project() {
    return project;
  }

  String file() {
    return file;
  }

  /** The file as Compose resolves it at {@code tag}: service name → image; throws with Compose's own words. */
  Map<String, String> images(String tag) throws InterruptedException {
    ComposeCli.Result r = compose(tag, List.of("config"), SHORT, false);
    if (!r.ok()) {
      throw new TargetException(file + " is not a valid Compose file (" + cli.name() + " config: "
          + r.output().strip().replaceAll("\\s*\n\\s*", " ") + "); fix it and deploy again (compose_validate shows every problem with its line)");
    }
    Object doc;
    try {
      doc = new Load(LoadSettings.builder().build()).loadFromString(r.stdout());
    } catch (RuntimeException e) {
      throw new TargetException(cli.name() + " config printed something that is not YAML: " + e.getMessage());
    }
    Map<String, String> images = new LinkedHashMap<>();
    if (doc instanceof Map<?, ?> m && m.get("services") instanceof Map<?, ?> services) {
      services.forEach((name, spec) -> images.put(String.valueOf(name),
          spec instanceof Map<?, ?> s && s.get("image") != null ? String.valueOf(s.get("image")) : null));
    }
    return images;
  }

  /**
   * The containers of {@code service} (running or not). Asked of the docker client by Compose's labels rather than
   * of Compose itself: docker answers in a tenth of the time, which matters while polling for health.
   */
  List<Container> containers(String service) throws InterruptedException {
    ComposeCli.Result ps = cli.docker(List.of("ps", "-aq", "--no-trunc", "--filter", "label=com.docker.compose.project="
        + project, "--filter", "label=com.docker.compose.service=" + service, "--filter",
        "label=com.docker.compose.oneoff=False"), SHORT);
    if (!ps.ok()) throw new TargetException("docker ps failed: " + ps.lastLine() + " (is the Docker daemon running? "
        + "DOCKER_HOST tells where it is)");
    List<String> ids = ps.stdout().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    if (ids.isEmpty()) return List.of();
    List<String> args = new ArrayList<>(List.of("inspect"));
    args.addAll(ids);
    ComposeCli.Result in = cli.docker(args, SHORT);
    if (!in.ok()) throw new TargetException("docker inspect failed: " + in.lastLine());
    List<Container> out = new ArrayList<>();
    for (JsonNode c : JSON.readTree(in.stdout())) {
      JsonNode state = c.path("State");
      JsonNode health = state.path("Health");
      JsonNode logs = health.path("Log");
      String lastOutput = logs.isArray() && !logs.isEmpty() ? logs.get(logs.size() - 1).path("Output").asString("")
          : "";
      out.add(new Container(c.path("Id").asString(""), c.path("Name").asString("").replaceFirst("^/", ""),
          c.path("Config").path("Image").asString(""), state.path("Status").asString(""),
          health.isMissingNode() || health.isNull() ? null : health.path("Status").asString(null),
          state.path("ExitCode").asInt(0), lastOutput.strip(), c.path("RestartCount").asInt(0)));
    }
    return out;
  }

  boolean imagePresent(String image) throws InterruptedException {
    return cli.docker(List.of("image", "inspect", "--format", "{{.Id}}", image), SHORT).ok();
  }

  ComposeCli.Result pull(String tag, List<String> services) throws InterruptedException {
    return compose(tag, with(List.of("pull"), services), timeout, true);
  }

  ComposeCli.Result up(String tag, List<String> services) throws InterruptedException {
    return compose(tag, with(List.of("up", "-d", "--no-build"), services), timeout, true);
  }

  ComposeCli.Result stop(String tag, List<String> services) throws InterruptedException {
    return compose(tag, with(List.of("stop"), services), timeout, true);
  }

  /** The last lines of a container's log, for a message about why it is not healthy. */
  String logTail(Container c, int lines) throws InterruptedException {
    ComposeCli.Result r = cli.docker(List.of("logs", "--tail", Integer.toString(lines), c.id()), SHORT);
    return r.output().lines().filter(l -> !l.isBlank()).map(String::strip).reduce((a, b) -> a + " / " + b)
        .orElse("");
  }

  private static List<String> with(List<String> head, List<String> services) {
    List<String> all = new ArrayList<>(head);
    all.addAll(services);
    return all;
  }

  private ComposeCli.Result compose(String tag, List<String> args, Duration limit, boolean logged)
      throws InterruptedException {
    List<String> full = new ArrayList<>(List.of("-f", file, "-p", project));
    full.addAll(args);
    // ps and logs need no tag, but Compose interpolates the whole file first and warns about an unset TAG.
    Map<String, String> env = Map.of("TAG", tag.isEmpty() ? "unset" : tag, "VERSION", tag.isEmpty() ? "unset" : tag);
    if (logged) log.accept("$ TAG=" + tag + " " + cli.name() + " " + String.join(" ", full) + "\n");
    ComposeCli.Result r = cli.compose(full, env, limit);
    if (logged) {
      String out = r.output();
      log.accept(out + (out.isEmpty() || out.endsWith("\n") ? "" : "\n"));
      log.accept("=== " + (r.exitCode() == null ? "timed out after " + limit.toSeconds() + " s"
          : "exit " + r.exitCode()) + "\n");
    }
    return r;
  }
}
