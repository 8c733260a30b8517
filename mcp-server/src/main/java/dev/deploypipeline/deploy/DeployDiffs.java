package dev.deploypipeline.deploy;

import static dev.deploypipeline.deploy.DeployException.Kind.BAD_INPUT;
import static dev.deploypipeline.deploy.DeployException.Kind.GIT;

import dev.deploypipeline.changes.Changelog;
import dev.deploypipeline.changes.Commit;
import dev.deploypipeline.changes.CommitLog;
import dev.deploypipeline.changes.SemVer;
import dev.deploypipeline.config.ConfigLoader;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.deploy.DeployDiff.Side;
import dev.deploypipeline.deploy.NextStep.Action;
import dev.deploypipeline.store.DeploymentStore;
import dev.deploypipeline.store.HistoryQuery;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.DeploymentSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds {@link DeployDiff}s from the store (what runs where) and git (commits, the config file and CHANGELOG.md at
 * each commit). Read-only: it never changes the working tree, and reads files at commits with {@code git show}.
 */
public final class DeployDiffs {
  /** Commits listed in a diff; the count covers all of them. */
  static final int MAX_COMMITS = 100;
  static final String CHANGELOG = "CHANGELOG.md";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Path projectDir;
  private final DeploymentStore store;
  private final Supplier<PipelineConfig> config;

  public DeployDiffs(DeploymentService service) {
    this(service.projectDir(), service.store(), service::config);
  }

  public DeployDiffs(Path projectDir, DeploymentStore store, Supplier<PipelineConfig> config) {
    this.projectDir = projectDir;
    this.store = store;
    this.config = config;
  }

  /**
   * What deploying {@code version} (default: what runs in the step before {@code environment} on the path) to
   * {@code environment} changes.
   */
  public DeployDiff diff(String environment, String version) {
    PipelineConfig c = config.get();
    List<String> names = c.environmentNames();
    if (!names.contains(environment)) {
      throw new DeployException(BAD_INPUT, "environment: '" + environment + "' is not an environment of this "
          + "pipeline; configured: " + String.join(", ", names), NextStep.text("pass one of " + names));
    }
    requireGit();
    Side candidate = version != null ? resolve(c.service(), version) : stepBefore(c, environment);
    return build(environment, running(c.service(), environment), candidate);
  }

  /** The diff of {@code d}'s commit over what runs in {@code environment}: what an approval lets through. */
  public DeployDiff forDeployment(Deployment d, String environment) {
    requireGit();
    return build(environment, running(d.service(), environment),
        new Side(d.version(), d.commit(), d.id(), "deployment " + d.id()));
  }

  /**
   * {@link DeployDiff#summary()} of {@link #forDeployment}, or a line saying why there is none: an approval form or
   * a notification must never fail for want of a diff.
   */
  public String summaryFor(Deployment d, String environment) {
    try {
      return forDeployment(d, environment).summary();
    } catch (RuntimeException e) {
      return "Changes unavailable: " + e.getMessage();
    }
  }

  private Side running(String service, String environment) {
    return Environments.current(store, service, environment)
        .map(s -> new Side(s.version(), s.commit(), s.id(), "running in " + environment)).orElse(null);
  }

  /** What runs in the step before {@code environment}; HEAD for the first step (nothing comes before it). */
  private Side stepBefore(PipelineConfig c, String environment) {
    List<List<String>> path = c.promotionPath();
    int at = -1;
    for (int i = 0; i < path.size(); i++) if (path.get(i).contains(environment)) at = i;
    if (at <= 0) {
      String head = Git.resolveCommit(projectDir, "HEAD");
      if (head == null) throw new DeployException(GIT, "HEAD names no commit in " + projectDir,
          "commit something first, or pass --version");
      return new Side(head.substring(0, 12), head, null, "HEAD (" + environment + " is the first step)");
    }
    for (String before : path.get(at - 1)) {
      Side s = running(c.service(), before);
      if (s != null) return new Side(s.version(), s.commit(), s.deploymentId(), "current in " + before);
    }
    throw new DeployException(BAD_INPUT, "nothing runs in " + String.join(" or ", path.get(at - 1))
        + ", the step before " + environment + ", so there is no default candidate",
        NextStep.of("pass a version (a recorded version, a tag or a commit), or see what ran where with {0}",
            Action.history()));
  }

  /**
   * A version as promotions resolve it ({@link Versions}: a recorded deployment's, else a tag {@code v<V>} or
   * {@code <V>}); a diff may also name any commit git knows, to see what a deploy of it would bring.
   */
  Side resolve(String service, String version) {
    List<DeploymentSummary> history =
        store.history(new HistoryQuery(service, null, null, null, Environments.LOOKBACK));
    try {
      Versions.Resolved r = Versions.resolve(projectDir, history, version);
      String id = history.stream().filter(s -> version.equals(s.version()) && r.commit().equals(s.commit()))
          .map(DeploymentSummary::id).findFirst().orElse(null);
      return new Side(version, r.commit(), id, r.source());
    } catch (DeployException unknown) {
      String commit = Versions.VERSION.matcher(version).matches() ? Git.resolveCommit(projectDir, version) : null;
      if (commit == null) throw unknown;
      return new Side(version, commit, null, "commit " + version);
    }
  }

  private DeployDiff build(String environment, Side running, Side candidate) {
    List<String> notes = new ArrayList<>();
    List<Commit> commits = List.of();
    List<Commit> leaving = List.of();
    try {
      commits = CommitLog.between(projectDir, running == null ? null : running.commit(), candidate.commit());
      if (running != null) leaving = CommitLog.between(projectDir, candidate.commit(), running.commit());
    } catch (IOException e) {
      throw new DeployException(GIT, e.getMessage(), "fetch the missing commits (git fetch --tags), then retry");
    }
    if (running == null) notes.add("nothing runs in " + environment + " yet: every commit up to the candidate is "
        + "listed");
    if (!leaving.isEmpty()) notes.add(leaving.size() + " commit(s) running in " + environment + " are not in the "
        + "candidate: this deploy takes them away");
    ConfigAt before = running == null ? ConfigAt.NONE : configAt(running.commit(), notes);
    ConfigAt after = configAt(candidate.commit(), notes);
    List<ConfigChanges.Change> config = before.unreadable || after.unreadable ? List.of()
        : ConfigChanges.between(before.tree, after.tree, environment);
    return new DeployDiff(environment, running, candidate, commits.stream().limit(MAX_COMMITS).toList(),
        commits.size(), leaving.stream().limit(MAX_COMMITS).toList(), leaving.size(), config,
        after.file != null ? after.file : before.file, changelog(running, candidate, notes), notes);
  }

  private record ConfigAt(String file, Object tree, boolean unreadable) {
    static final ConfigAt NONE = new ConfigAt(null, null, false);
  }

  /** The pipeline config as committed at {@code commit} (raw, not validated: older rules may differ). */
  private ConfigAt configAt(String commit, List<String> notes) {
    for (String name : ConfigLoader.FILE_NAMES) {
      String file = ".claude/" + name;
      String text = show(commit, file);
      if (text == null) continue;
      try {
        Object tree = name.endsWith(".json") ? JSON.readValue(text, Object.class)
            : new Load(LoadSettings.builder().setLabel(file).build()).loadFromString(text);
        return new ConfigAt(file, tree, false);
      } catch (RuntimeException e) {
        notes.add(file + " at " + commit.substring(0, Math.min(12, commit.length())) + " does not parse, so config "
            + "changes are not compared");
        return new ConfigAt(file, null, true);
      }
    }
    notes.add("no pipeline config at " + commit.substring(0, Math.min(12, commit.length())));
    return ConfigAt.NONE;
  }

  /**
   * The changelog sections the candidate brings, read from CHANGELOG.md as committed at the candidate. Each side's
   * version is its own when it is a semantic version, else the newest tag reachable from its commit; a candidate
   * past its last release also brings the Unreleased section.
   */
  private List<Changelog.Section> changelog(Side running, Side candidate, List<String> notes) {
    String text = show(candidate.commit(), CHANGELOG);
    if (text == null) return List.of();
    Changelog log = Changelog.parse(text);
    String to = releaseOf(candidate);
    String from = running == null ? null : releaseOf(running);
    List<Changelog.Section> out = new ArrayList<>();
    boolean released = to != null && SemVer.parse(candidate.version()).isPresent()
        || to != null && tagged(candidate.commit(), to);
    if (!released && (running == null || !candidate.commit().equals(running.commit()))) {
      log.sections().stream().filter(Changelog.Section::unreleased).forEach(out::add);
    }
    if (to != null && !to.equals(from)) out.addAll(log.between(from, to));
    if (to == null) notes.add("no released version at the candidate (no semantic version or tag): only the "
        + "Unreleased section of " + CHANGELOG + " applies");
    return out;
  }

  private String releaseOf(Side side) {
    if (SemVer.parse(side.version()).isPresent()) return side.version();
    try {
      String tag = CommitLog.lastTag(projectDir, side.commit());
      return tag != null && SemVer.parse(tag).isPresent() ? tag : null;
    } catch (IOException e) {
      return null;
    }
  }

  private boolean tagged(String commit, String tag) {
    return commit.equals(Git.resolveCommit(projectDir, tag));
  }

  /** The text of {@code file} (relative to the project) at {@code commit}, or null when it is not there. */
  private String show(String commit, String file) {
    return Git.run(projectDir, "show", commit + ":./" + file);
  }

  private void requireGit() {
    if (!Git.isRepository(projectDir)) {
      throw new DeployException(GIT, projectDir + " is not a git repository: a diff compares commits",
          "run it in the service's git checkout (or pass --project)");
    }
  }
}
