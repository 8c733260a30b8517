package dev.deploypipeline.compose.deploy;

import dev.deploypipeline.text.DidYouMean;
import dev.deploypipeline.workflow.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Deploys Compose services at an image tag, in place. Not a {@link dev.deploypipeline.targets.Target}: that
 * interface starts extra instances beside the running ones (each on its own port, each a process group we
 * supervise) for a router to shift traffic between; Compose keeps one container set per service and project and
 * replaces it on {@code up}, and Docker supervises it. So this target's moves are whole-release: check, run the new
 * tag, wait for Docker's healthcheck, verify, and on failure run the tag that ran before.
 *
 * <p>Everything that can be refused is checked in {@link #plan} before anything changes: the file is valid, the
 * services exist, some service's image takes the tag, every image is on the daemon (pulled if not), and no stranger
 * holds a port the services listen on.
 */
public final class ComposeTarget {
  /** The pipeline's own verification after Docker calls the services healthy: empty when it passed. */
  @FunctionalInterface
  public interface Verifier {
    Optional<String> verify() throws InterruptedException;

    Verifier NONE = Optional::empty;
  }

  /**
   * What a deploy will do. {@code services} are the ones deployed (all of the file's when the target names none);
   * {@code tagged} those whose image takes {@code ${TAG}}; {@code previousTag} what they run now (null: nothing).
   */
  public record Plan(String tag, List<String> services, List<String> tagged, String previousTag) {}

  /** How a move ended; {@code restoredTag} is set when a failed deploy put the previous tag back, healthy. */
  public record Result(boolean ok, String message, String restoredTag) {}

  private final ComposeProject project;
  private final List<String> services;
  private final List<Integer> ports;
  private final Duration healthTimeout;
  private final HealthWait health;
  private final Consumer<String> log;

  /**
   * @param services the services to deploy; empty: all of the file's
   * @param ports host ports the services listen on ({@code network_mode: host}), checked before a deploy
   * @param commandTimeout the longest one Compose command (pull, up) may take
   * @param log the stage log (it redacts)
   */
  public ComposeTarget(ComposeCli cli, String file, String project, List<String> services, List<Integer> ports,
      Duration healthTimeout, Duration commandTimeout, Clock clock, Sleeper sleeper, Consumer<String> log) {
    this.project = new ComposeProject(cli, file, project, commandTimeout, log);
    this.services = List.copyOf(services);
    this.ports = List.copyOf(ports);
    this.healthTimeout = healthTimeout;
    this.health = new HealthWait(clock, sleeper);
    this.log = log;
  }

  /** The pre-flight for running {@code tag}; throws {@link TargetException} and changes nothing when refused. */
  public Plan plan(String tag) throws InterruptedException {
    if (tag == null || !tag.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")) {
      throw new TargetException("'" + tag + "' is not a Docker image tag (letters, digits, '_', '.', '-'; at most "
          + "128; not starting with '.' or '-')");
    }
    Map<String, String> images = project.images(tag);
    for (String s : services) {
      if (!images.containsKey(s)) {
        String close = DidYouMean.closest(s, images.keySet());
        throw new TargetException("target.services: '" + s + "' is not a service of " + project.file()
            + (close == null ? "" : "; did you mean '" + close + "'?") + " (its services: "
            + String.join(", ", images.keySet()) + ")");
      }
    }
    List<String> chosen = services.isEmpty() ? List.copyOf(images.keySet()) : services;
    List<String> tagged = chosen.stream().filter(s -> images.get(s) != null && images.get(s).endsWith(":" + tag))
        .toList();
    if (tagged.isEmpty()) {
      throw new TargetException("no image of " + String.join(", ", chosen) + " in " + project.file()
          + " takes the tag: write it as image: name:${TAG} so that each release runs its own image");
    }
    List<String> missing = new ArrayList<>();
    for (String s : chosen) {
      String image = images.get(s);
      if (image == null) {
        throw new TargetException("service " + s + " in " + project.file() + " has no image: the Compose target "
            + "runs built images (build them in the build stage: docker build -t name:$VERSION .)");
      }
      if (!project.imagePresent(image)) missing.add(s);
    }
    if (!missing.isEmpty()) pull(tag, missing, images);
    checkPorts(chosen, images.keySet());
    return new Plan(tag, chosen, tagged, runningTag(tagged.get(0)));
  }

  /**
   * Runs the plan's tag, waits for Docker's healthcheck, then {@code verifier}; on any failure runs the previous
   * tag again (or, on a first deploy, stops the services) and says so.
   */
  public Result deploy(Plan plan, Verifier verifier) throws InterruptedException {
    Optional<String> failure = run(plan.tag(), plan.services(), verifier);
    if (failure.isEmpty()) return new Result(true, plan.services() + " run " + plan.tag() + ", healthy", null);
    log.accept("=== " + failure.get() + "\n");
    if (plan.previousTag() == null) {
      project.stop(plan.tag(), plan.services());
      return new Result(false, failure.get() + "; there was no earlier tag to return to, so "
          + String.join(", ", plan.services()) + " were stopped", null);
    }
    log.accept("=== rolling back to " + plan.previousTag() + "\n");
    Optional<String> back = run(plan.previousTag(), plan.services(), verifier);
    if (back.isEmpty()) return new Result(false, failure.get() + "; rolled back to " + plan.previousTag(),
        plan.previousTag());
    return new Result(false, failure.get() + "; the rollback to " + plan.previousTag() + " failed too ("
        + back.get() + "): fix it and run deploy rollback, or roll back by hand", null);
  }

  /** Runs the plan's tag (a rollback's target) and waits for Docker's healthcheck; no automatic undo. */
  public Result rollback(Plan plan) throws InterruptedException {
    Optional<String> failure = run(plan.tag(), plan.services(), Verifier.NONE);
    return failure.map(f -> new Result(false, f, null))
        .orElseGet(() -> new Result(true, plan.services() + " run " + plan.tag() + " again, healthy", null));
  }

  private Optional<String> run(String tag, List<String> chosen, Verifier verifier) throws InterruptedException {
    ComposeCli.Result up = project.up(tag, chosen);
    if (!up.ok()) {
      return Optional.of("up at " + tag + " " + (up.exitCode() == null ? "timed out" : "failed: " + up.lastLine()));
    }
    Optional<String> unhealthy = health.await(project, chosen, tag, healthTimeout);
    if (unhealthy.isPresent()) return unhealthy;
    return verifier.verify();
  }

  /** The tag {@code service} runs now, from its running container's image; null when it runs nothing. */
  String runningTag(String service) throws InterruptedException {
    return project.containers(service).stream().filter(ComposeProject.Container::running).findFirst()
        .map(ComposeProject.Container::tag).orElse(null);
  }

  private void pull(String tag, List<String> missing, Map<String, String> images) throws InterruptedException {
    ComposeCli.Result r = project.pull(tag, missing);
    List<String> still = new ArrayList<>();
    for (String s : missing) {
      if (!project.imagePresent(images.get(s))) still.add(images.get(s) + " (service " + s + ")");
    }
    if (!still.isEmpty()) {
      throw new TargetException("image " + String.join(", ", still) + " is not on the Docker daemon and could not "
          + "be pulled (" + r.lastLine() + "); build it first (docker build -t <image> .) or push it where this "
          + "host can pull it. Nothing was changed");
    }
  }

  private void checkPorts(List<String> chosen, java.util.Set<String> all) throws InterruptedException {
    if (ports.isEmpty()) return;
    List<String> ours = new ArrayList<>();
    for (String s : all) {
      project.containers(s).stream().filter(ComposeProject.Container::running).forEach(c -> ours.add(c.id()));
    }
    for (int port : ports) {
      for (PortOwners.Holder h : PortOwners.holders(port, ours)) {
        if (h.container().isPresent()) continue;
        // Without root, the sockets of root's processes (our own containers') are invisible: with this project
        // running, an unseen holder is most likely the running release, and up would recreate it anyway.
        if (h.pid() < 0 && !ours.isEmpty()) {
          log.accept("=== port " + port + " is held by a process this server cannot see; assuming it is the running "
              + "release of project " + project.project() + "\n");
          continue;
        }
        throw new TargetException("port " + port + " (target.ports) is taken by " + (h.pid() < 0
            ? "a process this server cannot see" : "pid " + h.pid() + " (" + h.command() + ")")
            + ", not by a container of project " + project.project() + "; " + String.join(", ", chosen)
            + " could not bind it. Stop that process or change the port. Nothing was changed");
      }
    }
  }
}
