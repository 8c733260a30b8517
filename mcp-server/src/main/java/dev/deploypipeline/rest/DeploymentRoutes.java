package dev.deploypipeline.rest;

import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.HistoryPages;
import dev.deploypipeline.deploy.Since;
import dev.deploypipeline.deploy.Views;
import dev.deploypipeline.store.HistoryQuery;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.State;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code /deployments}: start one, list them a page at a time, show one. */
final class DeploymentRoutes implements RouteGroup {
  static final Pattern SERVICE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
  static final Pattern REF = Pattern.compile("[A-Za-z0-9._/@+-]{1,200}");
  static final Pattern ENVIRONMENT = dev.deploypipeline.workflow.State.ENVIRONMENT_NAME_PATTERN;
  static final String CHANNEL = "rest";

  private final DeploymentService service;
  private final Clock clock;
  private final DeploymentView view;

  DeploymentRoutes(DeploymentService service, Clock clock, DeploymentView view) {
    this.service = service;
    this.clock = clock;
    this.view = view;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        new Route("GET", "/deployments", this::list),
        new Route("POST", "/deployments", this::start),
        new Route("GET", "/deployments/{id}", this::get));
  }

  /** The {@code ?environment} filter: a name of this project's config, or a 400 listing the configured ones. */
  static String environment(Call c, DeploymentService service) {
    String env = c.query("environment", ENVIRONMENT, "an environment name such as prod");
    if (env == null) return null;
    try {
      return service.requireEnvironment("?environment", env);
    } catch (dev.deploypipeline.deploy.DeployException e) {
      throw ApiException.badRequest(e.getMessage(), "correct it and ask again");
    }
  }

  private Reply list(Call c) {
    String svc = c.query("service", SERVICE, "a service name");
    String environment = environment(c, service);
    String stateText = c.query("state", null, null);
    State state = null;
    if (stateText != null) {
      state = State.fromId(stateText).orElseThrow(() ->
          ApiException.badRequest("?state: '" + Call.clip(stateText) + "' is not a state; one of " + String.join(", ",
              Arrays.stream(State.values()).map(State::id).toList()), "correct it and ask again"));
    }
    String since = c.query("since", null, null);
    Instant from = since == null ? null : Since.parse("since", since, clock);
    int limit = c.intQuery("limit", Limits.DEFAULT_PAGE, 1, Limits.MAX_PAGE);
    String after = Cursor.decode(c.query("cursor", null, null));
    HistoryPages.Page page = HistoryPages.page(service.store(), new HistoryQuery(svc, environment, state, from,
        limit), after);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("items", page.items().stream().map(Views::summary).toList());
    out.put("nextCursor", page.more() ? Cursor.encode(page.lastId()) : null);
    return Reply.ok(out);
  }

  private Reply start(Call c) throws IOException {
    c.onlyFields(List.of("service", "branch", "commit", "version"));
    String svc = c.string("service", false, SERVICE, 63, "a service name (lowercase letters, digits, . _ -)");
    if (svc == null) svc = service.config().service();
    String branch = c.string("branch", true, REF, 200, "a git branch name such as main");
    String commit = c.string("commit", false, REF, 200, "a commit sha or ref");
    if (c.body().get("version") != null) {
      throw ApiException.badRequest("body.version: the version is derived from the commit and cannot be chosen",
          "leave version out; pick what to deploy with branch and commit");
    }
    Deployment d = service.start(svc, branch, commit, c.actor() == null ? service.actor() : c.actor(), CHANNEL);
    service.driveAsync(d.id());
    return Reply.created(view.of(service.get(d.id())), "/api/v1/deployments/" + d.id());
  }

  private Reply get(Call c) {
    return Reply.ok(view.of(service.get(c.deploymentId())));
  }
}
