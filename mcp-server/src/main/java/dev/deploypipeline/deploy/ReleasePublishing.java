package dev.deploypipeline.deploy;

import static dev.deploypipeline.deploy.DeployException.Kind.BAD_INPUT;
import static dev.deploypipeline.deploy.DeployException.Kind.CONFIG;

import dev.deploypipeline.config.ConfigLoader;
import dev.deploypipeline.github.GithubAsset;
import dev.deploypipeline.github.GithubClient;
import dev.deploypipeline.github.GithubConfig;
import dev.deploypipeline.github.GithubException;
import dev.deploypipeline.github.GithubRelease;
import dev.deploypipeline.workflow.Retrier;
import dev.deploypipeline.workflow.RetryPolicy;
import dev.deploypipeline.workflow.Sleeper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code release publish}: the GitHub release for the existing annotated tag {@code v<version>}, its body the tag's
 * message, with the given files as assets. Idempotent: a release that exists for the tag (published, or a draft)
 * is reused and only missing assets are uploaded, so a publish cut short by a network failure is simply run again.
 * Every publish leaves a {@code RELEASE_PUBLISHED} audit line.
 */
public final class ReleasePublishing {
  /** A rate limit whose reset is further away than this fails instead of holding the terminal or CI job. */
  static final Duration MAX_RATE_LIMIT_WAIT = Duration.ofMinutes(15);
  /** In a failure's extra facts: GitHub answered (or not, 0) after the checks passed; something may have changed. */
  public static final String GITHUB_STATUS = "githubStatus";

  public record Request(String version, List<Path> assets, boolean draft, boolean prerelease, String actor) {
    public Request {
      assets = assets == null ? List.of() : List.copyOf(assets);
    }
  }

  private final DeploymentService service;
  private final Map<String, String> env;
  private final Sleeper sleeper;
  private final Clock clock;

  public ReleasePublishing(DeploymentService service, Map<String, String> env, Sleeper sleeper, Clock clock) {
    this.service = service;
    this.env = Map.copyOf(env);
    this.sleeper = sleeper;
    this.clock = clock;
  }

  /** Publishes and returns what a front end shows: version, tag, url, reused, assets (uploaded or kept). */
  public Map<String, Object> publish(Request request, Consumer<String> progress) throws InterruptedException {
    String version = ReleaseTags.version(request.version());
    Map<String, Path> files = assets(request.assets());
    ReleaseTags.Tag tag = ReleaseTags.annotated(service.projectDir(), version);
    // A repository that releases with this tool but does not deploy with it has no pipeline config: defaults then,
    // and no audit line (the store's directory would be new untracked files in its tree).
    boolean deploysHere = ConfigLoader.locate(service.projectDir()).isPresent();
    GithubConfig cfg = deploysHere ? service.config().releaseOrDefault().githubOrDefault() : GithubConfig.DEFAULTS;
    RetryPolicy policy = deploysHere ? service.config().retryOrDefault().toPolicy() : RetryPolicy.DEFAULT;
    String repository = repository(cfg);
    String token = env.get(cfg.tokenEnvOrDefault());
    if (token == null || token.isBlank()) {
      throw new DeployException(CONFIG, cfg.tokenEnvOrDefault() + " is not set: publishing needs a GitHub token",
          "export " + cfg.tokenEnvOrDefault() + " with a token that may write contents of " + repository
              + " (in GitHub Actions: permissions: contents: write); never put it in the config file");
    }
    Retrier.Listener listener = (n, f, d) -> progress.accept(f.message() + " (attempt " + n + " failed; next in "
        + d.toSeconds() + " s)");
    GithubClient gh = new GithubClient(cfg.apiUrlFrom(env), cfg.uploadUrlFrom(env), repository, token,
        cfg.tokenEnvOrDefault(), cfg.timeout(), MAX_RATE_LIMIT_WAIT,
        new Retrier(policy.forAnyState(), sleeper), listener, clock);
    try {
      return publish(gh, request, version, tag, files, progress, deploysHere);
    } catch (GithubException e) {
      throw new DeployException(BAD_INPUT, e.getMessage(), e.failure().isTransient()
          ? "run release publish again: it reuses what was already made on GitHub"
          : "fix what the message says, then run release publish again (it is safe to repeat)",
          Map.of(GITHUB_STATUS, e.status()));
    }
  }

  private Map<String, Object> publish(GithubClient gh, Request request, String version, ReleaseTags.Tag tag,
      Map<String, Path> files, Consumer<String> progress, boolean record) throws GithubException,
      InterruptedException {
    Optional<GithubRelease> existing = gh.lookUp(tag.name());
    GithubRelease release;
    if (existing.isPresent()) {
      release = existing.get();
      progress.accept("GitHub release for " + tag.name() + " exists already (" + release.htmlUrl() + "): reusing it");
    } else {
      try {
        release = gh.createRelease(tag.name(), tag.name(), tag.message(), request.draft(), request.prerelease());
        progress.accept("created the GitHub release for " + tag.name() + ": " + release.htmlUrl());
      } catch (GithubException e) {
        if (!e.alreadyExists()) throw e;
        // Made by someone else between the lookup and the create: use theirs.
        release = gh.lookUp(tag.name()).orElseThrow(() -> e);
        existing = Optional.of(release);
      }
    }
    List<Map<String, Object>> assets = new ArrayList<>();
    for (Map.Entry<String, Path> f : files.entrySet()) {
      assets.add(asset(gh, release, f.getKey(), f.getValue(), progress));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("version", version);
    out.put("tag", tag.name());
    out.put("commit", tag.commit());
    out.put("repository", gh.repository());
    out.put("releaseId", release.id());
    out.put("url", release.htmlUrl());
    out.put("draft", release.draft());
    out.put("prerelease", release.prerelease());
    out.put("reused", existing.isPresent());
    out.put("assets", assets);
    if (!record) return out;
    Map<String, Object> audit = new LinkedHashMap<>(out);
    audit.put("assets", assets.stream().map(a -> a.get("name")).toList());
    ReleaseRecords.recordPublished(service.store(), clock, request.actor() == null ? service.actor()
        : request.actor(), audit);
    return out;
  }

  private static Map<String, Object> asset(GithubClient gh, GithubRelease release, String name, Path file,
      Consumer<String> progress) throws GithubException, InterruptedException {
    long size = size(file);
    Optional<GithubAsset> there = release.asset(name);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("size", size);
    if (there.isPresent() && "uploaded".equals(there.get().state())) {
      if (there.get().size() != size) {
        throw new DeployException(BAD_INPUT, "asset " + name + " is already on the release with " + there.get().size()
            + " bytes, but " + file + " has " + size, "delete the asset on GitHub if it is wrong, or rename the file; "
            + "a published asset is never replaced silently");
      }
      m.put("status", "kept");
      m.put("url", there.get().browserDownloadUrl());
      return m;
    }
    if (there.isPresent()) gh.deleteAsset(there.get().id()); // a starter left by a failed upload
    GithubAsset a = gh.uploadAsset(release, name, contentType(name), file);
    progress.accept("uploaded " + name + " (" + size + " bytes)");
    m.put("status", "uploaded");
    m.put("url", a.browserDownloadUrl());
    return m;
  }

  /** Checked before anything goes to GitHub: each file exists, and no two share a name. */
  static Map<String, Path> assets(List<Path> paths) {
    Map<String, Path> out = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    for (Path p : paths) {
      if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
        throw new DeployException(BAD_INPUT, "--asset " + p + ": no such readable file", "build the file first, or "
            + "give its path relative to the current directory");
      }
      String name = p.getFileName().toString();
      if (!seen.add(name)) {
        throw new DeployException(BAD_INPUT, "--asset " + p + ": a second file named " + name + " (asset names are "
            + "unique per release)", "rename one of them");
      }
      out.put(name, p);
    }
    return out;
  }

  private String repository(GithubConfig cfg) {
    String r = cfg.repository() != null ? cfg.repository() : env.get("GITHUB_REPOSITORY");
    if (r == null) r = ReleaseTags.originRepository(service.projectDir());
    if (r == null || !r.matches("[A-Za-z0-9-]{1,39}/[A-Za-z0-9._-]{1,100}")) {
      throw new DeployException(CONFIG, "which GitHub repository to publish to is unknown" + (r == null ? ""
          : " ('" + r + "' is not owner/name)"), "set release.github.repository to owner/name in the project config, "
          + "or GITHUB_REPOSITORY, or add an origin remote on GitHub");
    }
    return r;
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (java.io.IOException e) {
      throw new DeployException(BAD_INPUT, "--asset " + p + ": cannot read its size (" + e.getMessage() + ")",
          "check the file");
    }
  }

  /** GitHub requires a Content-Type on upload; it is what browsers get on download. */
  static String contentType(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".tar.gz") || n.endsWith(".tgz") || n.endsWith(".gz")) return "application/gzip";
    Map<String, String> byExtension = Map.of(".zip", "application/zip", ".jar", "application/java-archive",
        ".json", "application/json", ".txt", "text/plain", ".md", "text/markdown", ".sha256", "text/plain",
        ".deb", "application/vnd.debian.binary-package", ".rpm", "application/x-rpm", ".tar", "application/x-tar");
    int dot = n.lastIndexOf('.');
    return dot < 0 ? "application/octet-stream" : byExtension.getOrDefault(n.substring(dot), "application/octet-stream");
  }
}
