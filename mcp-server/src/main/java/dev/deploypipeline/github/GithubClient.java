package dev.deploypipeline.github;

import dev.deploypipeline.secrets.Redaction;
import dev.deploypipeline.secrets.Redactor;
import dev.deploypipeline.workflow.Failure;
import dev.deploypipeline.workflow.Retrier;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.JsonNode;

/**
 * GitHub's REST API for releases (API version 2022-11-28) over {@code java.net.http}: look a release up by tag
 * (published ones; drafts only appear in the list), create one, list, upload and delete its assets. Every request
 * goes through the project's one {@link Retrier}; the token only ever travels in the {@code Authorization} header
 * and is masked in every message and, through {@link Redaction}, in every sink.
 */
public final class GithubClient {
  public static final String API_VERSION = "2022-11-28";
  static final String USER_AGENT = "deployment-pipeline";

  private final String api;
  private final String uploadOverride;
  private final String repository;
  private final String authorization;
  private final Duration timeout;
  private final Retrier retrier;
  private final Retrier.Listener listener;
  private final GithubErrors errors;
  private final HttpClient http;

  public GithubClient(String apiUrl, String uploadOverride, String repository, String token, String tokenEnv,
      Duration timeout, Duration maxRateLimitWait, Retrier retrier, Retrier.Listener listener, Clock clock) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException(tokenEnv + " is not set: export " + tokenEnv + "=<a GitHub token with "
          + "Contents write permission on " + repository + "> (in GitHub Actions: GITHUB_TOKEN with permissions: "
          + "contents: write); never put the token in the config file");
    }
    this.api = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
    this.uploadOverride = uploadOverride;
    this.repository = repository;
    this.authorization = "Bearer " + token.trim();
    this.timeout = timeout;
    this.retrier = retrier;
    this.listener = listener == null ? Retrier.Listener.NONE : listener;
    Redactor redactor = Redactor.named(Map.of(token.trim(), tokenEnv));
    // Known to every sink from now on, not only to the messages built here.
    Redaction.learn(redactor);
    this.errors = new GithubErrors(repository, tokenEnv, clock, maxRateLimitWait, redactor);
    this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  public String repository() {
    return repository;
  }

  /** The published release of {@code tag}; empty on 404 (no such release, or a draft: GitHub hides drafts here). */
  public Optional<GithubRelease> releaseByTag(String tag) throws GithubException, InterruptedException {
    try {
      return Optional.of(GithubRelease.from(call("look up the release of tag " + tag,
          () -> get(repoPath() + "/releases/tags/" + enc(tag)))));
    } catch (GithubException e) {
      if (e.status() == 404) return Optional.empty();
      throw e;
    }
  }

  /** A draft release of {@code tag} among the newest 100 releases (drafts are listed to users with push access). */
  public Optional<GithubRelease> draftByTag(String tag) throws GithubException, InterruptedException {
    JsonNode list = call("list the releases", () -> get(repoPath() + "/releases?per_page=100"));
    for (JsonNode r : list) {
      if (r.path("draft").asBoolean(false) && tag.equals(r.path("tag_name").asString(""))) {
        return Optional.of(GithubRelease.from(r));
      }
    }
    return Optional.empty();
  }

  /** {@code POST /repos/{owner}/{repo}/releases} for an existing tag. */
  public GithubRelease createRelease(String tag, String name, String body, boolean draft, boolean prerelease)
      throws GithubException, InterruptedException {
    var o = GithubErrors.JSON.createObjectNode();
    o.put("tag_name", tag).put("name", name).put("body", body).put("draft", draft).put("prerelease", prerelease);
    String json = GithubErrors.JSON.writeValueAsString(o);
    return retried(n -> {
      // A failed attempt may have created it (a 5xx or timeout after GitHub acted): adopt it, never a second draft.
      Optional<GithubRelease> earlier = n > 1 ? lookUp(tag) : Optional.empty();
      return earlier.isPresent() ? earlier.get()
          : GithubRelease.from(exchange("create the release for tag " + tag, json(repoPath() + "/releases", "POST", json)));
    });
  }

  /** The release of {@code tag}, published or draft. */
  public Optional<GithubRelease> lookUp(String tag) throws GithubException, InterruptedException {
    Optional<GithubRelease> published = releaseByTag(tag);
    return published.isPresent() ? published : draftByTag(tag);
  }

  public List<GithubAsset> assets(long releaseId) throws GithubException, InterruptedException {
    JsonNode list = call("list the assets of release " + releaseId,
        () -> get(repoPath() + "/releases/" + releaseId + "/assets?per_page=100"));
    List<GithubAsset> out = new ArrayList<>();
    for (JsonNode a : list) out.add(GithubAsset.from(a));
    return out;
  }

  public void deleteAsset(long assetId) throws GithubException, InterruptedException {
    call("delete asset " + assetId, () -> base(URI.create(api + repoPath() + "/releases/assets/" + assetId))
        .DELETE().build());
  }

  /**
   * Uploads {@code file} as asset {@code name} to the release's {@code upload_url} (the uploads host). A retry after
   * an upload that failed on the way (502 may leave an empty asset in state {@code starter}) first removes that
   * stub, and adopts an asset that did arrive whole.
   */
  public GithubAsset uploadAsset(GithubRelease release, String name, String contentType, Path file)
      throws GithubException, InterruptedException {
    URI target = uploadUri(release.uploadUrl(), name);
    long size;
    try {
      size = java.nio.file.Files.size(file);
    } catch (IOException e) {
      throw errors.fail(Failure.permanent("cannot read asset " + file + ": " + e.getMessage()), 0, null);
    }
    return retried(n -> {
      if (n > 1) {
        for (GithubAsset a : assets(release.id())) {
          if (!a.name().equals(name)) continue;
          if ("uploaded".equals(a.state()) && a.size() == size) return a;
          deleteAsset(a.id());
        }
      }
      HttpRequest request;
      try {
        request = base(target).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofFile(file))
            .build();
      } catch (FileNotFoundException e) {
        throw errors.fail(Failure.permanent("cannot read asset " + file), 0, null);
      }
      return GithubAsset.from(exchange("upload asset " + name, request));
    });
  }

  /** {@code upload_url} without its {@code {?name,label}} template, on the override host if one is configured. */
  URI uploadUri(String uploadUrl, String name) {
    String u = uploadUrl.replaceFirst("\\{[^}]*}$", "");
    if (uploadOverride != null) {
      int i = u.indexOf("/repos/");
      if (i >= 0) u = uploadOverride + u.substring(i);
    }
    return URI.create(u + (u.contains("?") ? "&" : "?") + "name=" + enc(name));
  }

  @FunctionalInterface
  private interface RequestFactory {
    HttpRequest build();
  }

  private JsonNode call(String op, RequestFactory factory) throws GithubException, InterruptedException {
    return retried(n -> exchange(op, factory.build()));
  }

  @FunctionalInterface
  private interface Attempt<T> {
    T run(int attempt) throws GithubException, InterruptedException;
  }

  /** Runs {@code attempt} under the project's one retry policy; the last failure, with the attempt count, if all fail. */
  private <T> T retried(Attempt<T> attempt) throws GithubException, InterruptedException {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<GithubException> last = new AtomicReference<>();
    Retrier.Outcome outcome = retrier.run(true, n -> {
      try {
        result.set(attempt.run(n));
        return Optional.empty();
      } catch (GithubException e) {
        last.set(e);
        return Optional.of(e.failure());
      }
    }, listener);
    if (!outcome.succeeded()) throw withAttempts(last.get(), outcome.attempts());
    return result.get();
  }

  private JsonNode exchange(String op, HttpRequest request) throws GithubException, InterruptedException {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw errors.fromIo(op, e, timeout);
    }
    int status = response.statusCode();
    if (status < 200 || status > 299) throw errors.fromResponse(op, status, response.headers(), response.body());
    if (status == 204 || response.body().isBlank()) return GithubErrors.JSON.createObjectNode();
    try {
      return GithubErrors.JSON.readTree(response.body());
    } catch (RuntimeException e) {
      throw errors.malformed(op, "the body is not JSON");
    }
  }

  private HttpRequest get(String path) {
    return base(URI.create(api + path)).GET().build();
  }

  private HttpRequest json(String path, String method, String body) {
    return base(URI.create(api + path)).header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
  }

  private HttpRequest.Builder base(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(timeout).header("Authorization", authorization)
        .header("Accept", "application/vnd.github+json").header("X-GitHub-Api-Version", API_VERSION)
        .header("User-Agent", USER_AGENT);
  }

  private String repoPath() {
    int slash = repository.indexOf('/');
    return "/repos/" + enc(repository.substring(0, slash)) + "/" + enc(repository.substring(slash + 1));
  }

  private static GithubException withAttempts(GithubException e, int attempts) {
    return attempts <= 1 ? e : e.withMessage(e.getMessage() + " [after " + attempts + " attempts]");
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
