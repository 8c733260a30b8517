package dev.deploypipeline.approval;

import dev.deploypipeline.config.ConfigLoader;
import dev.deploypipeline.config.EnvironmentSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Resolves the approval policy in force: the stricter of the config committed at the deployed commit, the user
 * policy outside the project, and the working tree (which can only add rules). The working tree is re-read on
 * every call and an agent can edit it, so on its own it decides nothing: an uncommitted edit that weakens a gate is
 * ignored and reported as a warning.
 */
public final class Policies {
  private final Path projectDir;
  private final Map<String, String> env;
  private final Path userHome;
  // The blob at a full commit id and a path never changes: it is read and parsed once per process, not at every gate
  // check of every deployment (a git process each, about 15-20 ms, then a YAML parse). Only blobs found are kept:
  // an absent one is asked again.
  private final Map<String, Blob> committedBlobs = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Blob> eldest) {
          return size() > 64;
        }
      });
  private static final java.util.regex.Pattern FULL_COMMIT = java.util.regex.Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

  public Policies(Path projectDir, Map<String, String> env, Path userHome) {
    this.projectDir = projectDir;
    this.env = Map.copyOf(env);
    this.userHome = userHome;
  }

  public UserPolicy user() {
    return UserPolicy.load(env, userHome);
  }

  /**
   * @param commit the commit being (or to be) deployed; null when unknown (then the working tree applies, with a
   *     warning)
   * @param workingTree the environment as the working tree's config has it; null if absent
   */
  public EffectivePolicy forEnvironment(String service, String environment, String commit,
      EnvironmentSpec workingTree) {
    List<String> sources = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    GatePolicy working = workingTree == null ? defaults(environment) : new GatePolicy(
        workingTree.approvalRequired(environment), workingTree.approverList(), workingTree.selfApprovalForbidden());
    GatePolicy effective = working;
    sources.add("working tree");
    Committed committed = committed(commit, environment);
    if (committed.gate != null) {
      effective = effective.stricter(committed.gate);
      sources.add(committed.source);
    } else {
      warnings.add(committed.source);
    }
    UserPolicy user = user();
    GatePolicy mine = user.gate(service, environment);
    if (mine != null) {
      effective = effective.stricter(mine);
      user.sources().forEach(p -> sources.add(p.toString()));
    }
    List<String> weaker = working.weakeningsAgainst(effective, environment);
    if (!weaker.isEmpty()) {
      warnings.add("ignored: the working tree's .claude/deployment-config.json would weaken the approval gate ("
          + String.join("; ", weaker) + "); the committed config and the user policy apply");
    }
    String ignored = user.ignoredSigners(effective);
    if (ignored != null) warnings.add(ignored);
    return new EffectivePolicy(effective, sources, warnings, user.signersFor(effective));
  }

  private static GatePolicy defaults(String environment) {
    return new GatePolicy(production(environment, null), List.of(), false);
  }

  /** Approval is required by default for a production environment: its configured type, else told by its name. */
  private static boolean production(String environment, Object type) {
    String t = type instanceof String s ? s : dev.deploypipeline.config.EnvironmentSpec.typeByName(environment);
    return dev.deploypipeline.config.EnvironmentSpec.PRODUCTION.equals(t);
  }

  private record Committed(GatePolicy gate, String source) {}

  private Committed committed(String commit, String environment) {
    if (commit == null) {
      return new Committed(null, "no commit to read the committed config from; the working tree's config applies");
    }
    for (String name : ConfigLoader.FILE_NAMES) {
      Blob blob = committedBlob(commit, "./.claude/" + name);
      if (blob == null) continue;
      String source = ".claude/" + name + " at " + commit.substring(0, Math.min(12, commit.length()));
      // Unreadable as committed: its defaults, never an absence of rules.
      if (!blob.parsed()) return new Committed(defaults(environment), source + " (unparseable; defaults assumed)");
      Object envs = blob.tree() instanceof Map<?, ?> m ? m.get("environments") : null;
      Object e = envs instanceof Map<?, ?> m ? m.get(environment) : null;
      if (!(e instanceof Map<?, ?> spec)) return new Committed(defaults(environment), source);
      return new Committed(new GatePolicy(spec.get("requiresApproval") instanceof Boolean b ? b
          : production(environment, spec.get("type")), spec.get("approvers") instanceof List<?> l
          ? l.stream().map(String::valueOf).toList() : List.of(),
          Boolean.TRUE.equals(spec.get("preventSelfApproval"))), source);
    }
    return new Committed(null, ".claude/deployment-config.json is not committed at "
        + commit.substring(0, Math.min(12, commit.length())) + "; the working tree's config applies (commit it so "
        + "that an uncommitted edit cannot weaken the approval gate)");
  }

  /** A committed config file as parsed (read only), or null if the commit does not have it. */
  private record Blob(Object tree, boolean parsed) {}

  private Blob committedBlob(String commit, String path) {
    String spec = commit + ":" + path;
    boolean immutable = FULL_COMMIT.matcher(commit).matches();
    Blob known = immutable ? committedBlobs.get(spec) : null;
    if (known != null) return known;
    String text = gitShow(spec);
    if (text == null) return null;
    Blob blob;
    try {
      blob = new Blob(new Load(LoadSettings.builder().build()).loadFromString(text), true);
    } catch (YamlEngineException ex) {
      blob = new Blob(null, false);
    }
    if (immutable) committedBlobs.put(spec, blob);
    return blob;
  }

  private String gitShow(String spec) {
    try {
      // cat-file, not show: no textconv driver from the project's own .gitattributes rewrites the blob
      ProcessBuilder pb = new ProcessBuilder(TrustedTools.path("git"), "--no-replace-objects", "-C",
          projectDir.toString(), "cat-file", "blob", spec).redirectError(ProcessBuilder.Redirect.DISCARD);
      TrustedTools.forGit(pb.environment());
      Process p = pb.start();
      p.getOutputStream().close();
      var out = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try {
          return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
          return null;
        }
      });
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return p.exitValue() == 0 ? out.join() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
