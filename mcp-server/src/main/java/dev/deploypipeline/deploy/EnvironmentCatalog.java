package dev.deploypipeline.deploy;

import dev.deploypipeline.config.ConfigDocument;
import dev.deploypipeline.config.ConfigException;
import dev.deploypipeline.config.ConfigLoader;
import dev.deploypipeline.config.EnvironmentSpec;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.envfiles.EnvDoc;
import dev.deploypipeline.envfiles.EnvFileException;
import dev.deploypipeline.envfiles.EnvFiles;
import dev.deploypipeline.envfiles.EnvListing;
import dev.deploypipeline.envfiles.EnvReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One row per environment: what the config says of it (type, url, what deploys it, its place on the promotion
 * path, approval, variable and secret names) beside what its env file holds (keys, secrets, encrypted values),
 * joined by name as {@link EnvFiles} joins them ({@code prod} reads {@code .env.production}). Env files that no
 * configured environment claims (such as {@code .env}, environment {@code default}) follow as rows of their own.
 * Names and counts only, never a value.
 */
public final class EnvironmentCatalog {
  private final Path projectDir;
  private final Map<String, String> env;
  private final DeploymentService service;

  /** {@code service} may be null: the listing then needs no store, only the project's files. */
  public EnvironmentCatalog(Path projectDir, Map<String, String> env, DeploymentService service) {
    this.projectDir = projectDir.toAbsolutePath().normalize();
    this.env = env;
    this.service = service;
  }

  public EnvironmentCatalog(DeploymentService service, Map<String, String> env) {
    this(service.projectDir(), env, service);
  }

  /** Every environment, or only those named; a config that cannot be loaded is reported beside the env files. */
  public Listing list(List<String> only) {
    PipelineConfig config = null;
    String configError = null;
    if (ConfigLoader.locate(projectDir).isPresent()) {
      try {
        config = new ConfigLoader(env).withoutChannelChecks().load(projectDir);
      } catch (ConfigException e) {
        configError = e.getMessage();
      }
    }
    List<String> configured = config == null ? List.of() : config.environmentNames();
    List<String> names = only == null || only.isEmpty() ? configured
        : only.stream().filter(configured::contains).toList();
    List<Map<String, Object>> rows = new ArrayList<>();
    List<String> claimed = new ArrayList<>();
    for (String name : names) {
      EnvListing.Row file = EnvListing.of(projectDir, List.of(name)).environments().get(0);
      claimed.add(file.environment());
      rows.add(row(config, name, file));
    }
    List<String> rest = only == null || only.isEmpty() ? List.of()
        : only.stream().filter(n -> !configured.contains(n)).toList();
    if ((only == null || only.isEmpty()) || !rest.isEmpty()) {
      for (EnvListing.Row file : EnvListing.of(projectDir, rest).environments()) {
        if (claimed.contains(file.environment())) continue;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("environment", file.environment());
        m.put("configured", false);
        m.putAll(file.toMap());
        rows.add(m);
      }
    }
    return new Listing(rows, configError);
  }

  /** One configured environment in full: its row, its config section as written, and what runs there now. */
  public Map<String, Object> show(String name) {
    PipelineConfig config = service != null ? service.config() : loaded();
    if (config.environment(name) == null) throw EnvironmentChanges.unknown(name, config);
    Map<String, Object> out = new LinkedHashMap<>(list(List.of(name)).rows().get(0));
    Object section = ((Map<?, ?>) ConfigDocument.read(projectDir).tree().getOrDefault("environments", Map.of()))
        .get(name);
    out.put("config", section == null ? Map.of() : section);
    if (service != null) {
      try {
        Map<String, Object> now = new Environments(service).one(name);
        out.put("current", now.get("current"));
        out.put("lastDeployment", now.get("lastDeployment"));
      } catch (DeployException e) {
        out.put("current", null); // an environment the history cannot name yet has nothing running
      }
    }
    return out;
  }

  private PipelineConfig loaded() {
    try {
      return new ConfigLoader(env).withoutChannelChecks().load(projectDir);
    } catch (ConfigException e) {
      throw new DeployException(DeployException.Kind.CONFIG, e.getMessage(), "fix the config as described, then "
          + "retry");
    }
  }

  private Map<String, Object> row(PipelineConfig config, String name, EnvListing.Row file) {
    EnvironmentSpec spec = config.environment(name);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("environment", name);
    m.put("configured", spec != null);
    if (spec != null) {
      m.put("type", spec.typeOrDefault(name));
      if (spec.url() != null) m.put("url", spec.url());
      m.put("deploysBy", deploysBy(config, spec));
      if (spec.progressive()) m.put("strategy", spec.strategyOrDefault().type());
      if (spec.router() != null) m.put("router", spec.router().type() + (spec.router().attached()
          ? " at " + spec.router().admin() : " (private)"));
      List<List<String>> path = config.promotionPath();
      for (int i = 0; i < path.size(); i++) {
        if (!path.get(i).contains(name)) continue;
        m.put("step", i + 1);
        List<String> others = path.get(i).stream().filter(n -> !n.equals(name)).toList();
        if (!others.isEmpty()) m.put("parallelWith", others);
      }
      m.put("requiresApproval", spec.approvalRequired(name));
      if (!spec.approverList().isEmpty()) m.put("approvers", spec.approverList());
      m.put("variableNames", List.copyOf(new TreeSet<>(spec.variableMap().keySet())));
      TreeSet<String> secrets = new TreeSet<>(spec.secretList());
      try {
        secrets.addAll(EnvDoc.read(projectDir, EnvFiles.of(projectDir, name)).encryptedKeys());
      } catch (EnvFileException e) {
        // an unreadable env file shows as such in its own fields; the config's names still count
      }
      m.put("secretNames", List.copyOf(secrets));
    }
    Map<String, Object> f = new LinkedHashMap<>(file.toMap());
    f.remove("environment");
    m.putAll(f);
    return m;
  }

  static String deploysBy(PipelineConfig config, EnvironmentSpec spec) {
    if ("harness".equals(config.executorName())) return "harness";
    if ("helm".equals(config.executorName())) return "helm";
    if (spec.composeTarget()) return "compose";
    if (spec.progressive()) return "process";
    return "command";
  }

  /** The listing as {@code env list} and {@code env_list} give it. */
  public record Listing(List<Map<String, Object>> rows, String configError) implements EnvReport {
    @Override
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("environments", rows);
      if (configError != null) m.put("configError", configError);
      return m;
    }

    @Override
    public String text() {
      StringBuilder sb = new StringBuilder();
      if (configError != null) sb.append("config not loaded (env files only): ").append(configError).append('\n');
      if (rows.isEmpty()) return sb.append("no environments: no config environments and no env files (.env, "
          + ".env.NAME) in the project").toString().stripTrailing();
      sb.append(String.format("%-14s %-12s %-5s %-9s %-9s %-28s %5s %8s %10s%n", "ENVIRONMENT", "TYPE", "STEP",
          "DEPLOYS", "APPROVAL", "FILE", "KEYS", "SECRETS", "ENCRYPTED"));
      int plain = 0;
      for (Map<String, Object> r : rows) {
        boolean conf = Boolean.TRUE.equals(r.get("configured"));
        sb.append(String.format("%-14s %-12s %-5s %-9s %-9s %-28s %5s %8s %10s%n", r.get("environment"),
            conf ? r.get("type") : "(env file)", r.get("step") == null ? "-" : r.get("step"),
            conf ? r.get("deploysBy") : "-", Boolean.TRUE.equals(r.get("requiresApproval")) ? "required" : "-",
            r.get("file") + (Boolean.TRUE.equals(r.get("exists")) ? "" : " (none)"), r.get("keys"), r.get("secrets"),
            r.get("encrypted")));
        plain += r.get("plaintextSecrets") instanceof Integer n ? n : 0;
      }
      if (plain > 0) sb.append(plain).append(" secret(s) in plain text: `env scan` lists them, `env encrypt ENV "
          + "--detected` encrypts them\n");
      return sb.toString().stripTrailing();
    }

    @Override
    public boolean found() {
      return false;
    }
  }
}
