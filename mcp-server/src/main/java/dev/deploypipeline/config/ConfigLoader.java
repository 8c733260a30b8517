package dev.deploypipeline.config;

import dev.deploypipeline.text.DidYouMean;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import dev.deploypipeline.notify.NotificationChannels;
import dev.deploypipeline.secrets.Redaction;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds, parses (JSON or YAML), interpolates and validates the project's pipeline config. All problems are
 * collected and reported together, each as {@code json.path: what is wrong (what to do)}.
 */
public final class ConfigLoader {
  public static final List<String> FILE_NAMES =
      List.of("deployment-config.json", "deployment-config.yaml", "deployment-config.yml");

  /** Built on the first load, not with the service (a server that is only asked for status never needs it). */
  private static final class Mapper {
    static final JsonMapper MAPPER = JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .build();
  }
  private static volatile Validator validator;

  private final Function<String, String> env;
  private final Map<String, String> envMap;
  private boolean checkChannels = true;

  /** With the whole environment, so that checks can tell a secret that came from it from one typed in the file. */
  public ConfigLoader(Map<String, String> env) {
    this.env = env::get;
    this.envMap = Map.copyOf(env);
  }

  public ConfigLoader(Function<String, String> env) {
    this.env = env;
    this.envMap = new java.util.AbstractMap<>() {
      @Override
      public String get(Object key) {
        return key instanceof String k ? env.apply(k) : null;
      }

      @Override
      public java.util.Set<Entry<String, String>> entrySet() {
        return java.util.Set.of();
      }
    };
  }

  /**
   * This loader without the check that every notification channel in use can deliver, for {@code notify test},
   * which tests one channel at a time (a missing SMTP setting must not stop a Slack test).
   */
  public ConfigLoader withoutChannelChecks() {
    checkChannels = false;
    return this;
  }

  /** The config file in {@code <project>/.claude/}, if there is one. */
  public static Optional<Path> locate(Path projectDir) {
    for (String name : FILE_NAMES) {
      Path p = projectDir.resolve(".claude").resolve(name);
      if (Files.isRegularFile(p)) return Optional.of(p);
    }
    return Optional.empty();
  }

  /**
   * Whether the project's config file has {@code key} at its top level, read without interpolation or validation:
   * far cheaper than {@link #load} in a fresh JVM (no databinding of the config records, no Hibernate Validator), for
   * a caller that needs a section only when it is there (deploy_status and the flags section, history and the path
   * section). False when there is no config or it does not parse, which {@link #load} reports.
   */
  public static boolean declares(Path projectDir, String key) {
    Optional<Path> file = locate(projectDir);
    if (file.isEmpty()) return false;
    try {
      // Asked on every deploy_status and deploy_history: the file is read again only when its time or size changed.
      BasicFileAttributes attributes = Files.readAttributes(file.get(), BasicFileAttributes.class);
      Declared last = lastDeclared;
      if (last == null || !last.matches(file.get(), attributes)) {
        last = new Declared(file.get(), attributes.lastModifiedTime(), attributes.size(), topLevelKeys(file.get()));
        lastDeclared = last;
      }
      return last.keys().contains(key);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static java.util.Set<String> topLevelKeys(Path file) throws IOException {
    String text = Files.readString(file);
    if (file.toString().endsWith(".json")) {
      java.util.Set<String> keys = JsonSyntax.topLevelKeys(text);
      return keys == null ? java.util.Set.of() : keys;
    }
    Object tree = yaml(text, "");
    if (!(tree instanceof Map<?, ?> m)) return java.util.Set.of();
    java.util.Set<String> keys = new java.util.HashSet<>();
    m.keySet().forEach(k -> keys.add(String.valueOf(k)));
    return keys;
  }

  private static volatile Declared lastDeclared;

  /** The top-level keys {@link #declares} read, for the file as it was then. */
  private record Declared(Path file, FileTime modified, long size, java.util.Set<String> keys) {
    boolean matches(Path f, BasicFileAttributes a) {
      return file.equals(f) && modified.equals(a.lastModifiedTime()) && size == a.size();
    }
  }

  public PipelineConfig load(Path projectDir) {
    Path file = locate(projectDir).orElseThrow(() -> new ConfigException(projectDir.resolve(".claude").toString(),
        List.of("no deployment-config.json or deployment-config.yaml found; run `deployment-pipeline init` in the "
            + "project for a starter config, or create .claude/deployment-config.json with at least {\"service\": \"<name>\", \"stages\": {\"validate\": {\"command\": \"...\"}, "
            + "\"build\": {...}, \"test\": {...}}, \"environments\": {\"dev\": {\"deploy\": {\"command\": \"...\"}}, "
            + "\"staging\": {...}, \"prod\": {...}}} (see examples/hello-service/.claude/deployment-config.json)")));
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(file.toString(), List.of("cannot be read: " + e.getMessage()));
    }
    return parse(text, file.toString());
  }

  /** {@code source} names the text; one ending in {@code .json} is read as JSON, anything else as YAML. */
  public PipelineConfig parse(String text, String source) {
    Object tree = source.endsWith(".json") ? JsonSyntax.read(text, source) : yaml(text, source);
    if (!(tree instanceof Map)) {
      throw new ConfigException(source, List.of("must be an object with keys service, executor, stages, "
          + "environments, retry (found " + (tree == null ? "an empty file" : tree instanceof List ? "a list"
          : "a single value") + ")"));
    }
    Interpolator interpolator = new Interpolator(env);
    Object resolved = interpolator.apply(tree, "");
    List<String> problems = new ArrayList<>(interpolator.problems());
    StructureProblems structure = new StructureProblems(interpolator.substitutedPaths());
    PipelineConfig config;
    try {
      // Through JSON text rather than a tree: the streaming parser's contexts are what StructureProblems relies on.
      String json = Mapper.MAPPER.writeValueAsString(resolved);
      config = Mapper.MAPPER.readerFor(PipelineConfig.class).withHandler(structure).readValue(json);
    } catch (JacksonException e) {
      structure.problems().forEach(p -> problems.add(p.toString()));
      problems.add(describe(e));
      problems.sort(Comparator.naturalOrder());
      throw new ConfigException(source, problems);
    }
    structure.problems().forEach(p -> problems.add(p.toString()));
    List<String> causes = new ArrayList<>(interpolator.failedPaths());
    structure.problems().forEach(p -> causes.add(p.path()));
    // A misspelt key leaves the key it meant missing: "enviroments" should not also report three missing environments.
    structure.problems().stream().filter(p -> p.meant() != null).forEach(p -> causes.add(p.meant() + ".x"));
    List<String> later = new ArrayList<>();
    for (ConstraintViolation<PipelineConfig> v : validator().validate(config)) {
      later.add(jsonPath(v.getPropertyPath().toString()) + ": " + v.getMessage());
    }
    later.addAll(SemanticChecks.check(config));
    if (config.jira() != null) later.addAll(config.jira().problems());
    if (config.hosting() != null) later.addAll(config.hosting().problems());
    later.addAll(config.releaseOrDefault().githubOrDefault().problems("release.github"));
    if (config.notifications() != null && checkChannels) {
      later.addAll(NotificationChannels.check(config.notifications(), envMap));
    }
    later.stream().filter(p -> !followsFrom(p, causes)).forEach(problems::add);
    if (!problems.isEmpty()) {
      problems.sort(Comparator.naturalOrder());
      throw new ConfigException(source, problems);
    }
    // Validated expanded; kept raw where a value may carry a secret, so that expanded text is never recorded.
    PipelineConfig raw = Mapper.MAPPER.readerFor(PipelineConfig.class)
        .readValue(Mapper.MAPPER.writeValueAsString(new Interpolator(env, ConfigLoader::expandedWhereUsed).apply(tree, "")));
    Redaction.learn(ConfigSecrets.redactor(raw, envMap));
    return raw;
  }

  /** Stage commands (the shell expands them), health and webhook URLs (expanded at request time). */
  static boolean expandedWhereUsed(String path) {
    return path.endsWith(".command") || path.endsWith(".healthCheck.url") || path.endsWith(".webhookUrl");
  }

  private static Object yaml(String text, String source) {
    try {
      return new Load(LoadSettings.builder().setLabel(source).build()).loadFromString(text);
    } catch (YamlEngineException e) {
      throw new ConfigException(source, List.of("is not valid YAML: " + e.getMessage().strip()));
    }
  }

  private static Validator validator() {
    if (validator == null) {
      synchronized (ConfigLoader.class) {
        if (validator == null) {
          validator = Validation.byDefaultProvider().configure()
              .messageInterpolator(new ParameterMessageInterpolator())
              .buildValidatorFactory().getValidator();
        }
      }
    }
    return validator;
  }

  /**
   * A complaint about an object in which a key was unknown, a value had the wrong type or a variable was unset is
   * almost always a consequence of that first problem (a misspelt {@code comand} leaves {@code command} missing),
   * so it is left out rather than sending the user after a second, phantom mistake.
   */
  private static boolean followsFrom(String problem, List<String> causes) {
    for (String cause : causes) {
      int dot = cause.lastIndexOf('.');
      String parent = dot < 0 ? "" : cause.substring(0, dot);
      if (under(problem, cause) || (!parent.isEmpty() && under(problem, parent))) return true;
    }
    return false;
  }

  private static boolean under(String problem, String path) {
    return problem.startsWith(path + ":") || problem.startsWith(path + ".") || problem.startsWith(path + "[");
  }

  private static String describe(JacksonException e) {
    String path = e instanceof DatabindException de ? pathOf(de) : "(root)";
    if (e instanceof UnrecognizedPropertyException u) {
      String known = u.getKnownPropertyIds() == null ? "" : String.join(", ",
          u.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList());
      String suggestion = DidYouMean.closest(u.getPropertyName(),
          u.getKnownPropertyIds() == null ? List.of() : u.getKnownPropertyIds().stream().map(String::valueOf).toList());
      return path + ": unknown key" + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?")
          + " (allowed here: " + known + ")";
    }
    // Strings are reported by StructureProblems, which hides values from the environment; a number is never one.
    if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getValue() instanceof Number v) {
      return path + ": must be " + StructureProblems.expected(f.getTargetType()) + " (found " + v + ")";
    }
    String msg = e.getOriginalMessage();
    int cut = msg.indexOf(" at [Source");
    if (cut > 0) msg = msg.substring(0, cut);
    return path + ": wrong type or value: " + msg.strip();
  }

  private static String pathOf(DatabindException e) {
    StringBuilder sb = new StringBuilder();
    for (JacksonException.Reference r : e.getPath()) {
      if (r.getPropertyName() != null) {
        if (sb.length() > 0) sb.append('.');
        sb.append(r.getPropertyName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.length() == 0 ? "(root)" : sb.toString();
  }

  /** {@code stages[build].command} → {@code stages.build.command}; list indexes stay {@code [0]}. */
  static String jsonPath(String propertyPath) {
    return propertyPath.replaceAll("\\[([^\\]\\d][^\\]]*)]", ".$1").replace("<map value>", "")
        .replace("<list element>", "").replace("..", ".")
        .replaceAll("\\.$", "");
  }
}
