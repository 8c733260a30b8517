package dev.deploypipeline.compose.deploy;

import dev.deploypipeline.workflow.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Waits until every service has a running container that Docker calls healthy (a service without a healthcheck
 * counts once it runs). A container that exited or that Docker marked unhealthy fails at once, with its last log
 * lines; one still starting when the time is up fails with its state.
 */
final class HealthWait {
  static final Duration POLL = Duration.ofMillis(500);
  private final Clock clock;
  private final Sleeper sleeper;

  HealthWait(Clock clock, Sleeper sleeper) {
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** Empty when all are healthy, else why not. */
  Optional<String> await(ComposeProject p, List<String> services, String tag, Duration timeout)
      throws InterruptedException {
    Instant deadline = clock.instant().plus(timeout);
    java.util.Map<String, Integer> restartsBefore = new java.util.HashMap<>();
    while (true) {
      String waiting = null;
      for (String service : services) {
        List<ComposeProject.Container> cs = p.containers(service);
        if (cs.isEmpty()) {
          waiting = "service " + service + " has no container";
          continue;
        }
        for (ComposeProject.Container c : cs) {
          if ("exited".equals(c.status()) || "dead".equals(c.status())) {
            return Optional.of("service " + service + " (container " + c.name() + ", image " + c.image()
                + ") exited with code " + c.exitCode() + tail(p, c));
          }
          // A restart policy brings a crashing container back up, so "exited" may never be seen. A container of the
          // tag just deployed was created by this up, so every restart it shows counts, even one before our first
          // look (a loaded host can take seconds to answer); an older container counts only what we saw happen.
          int before = restartsBefore.computeIfAbsent(c.id(), id -> tag.equals(c.tag()) ? 0 : c.restarts());
          if (c.restarts() > before) {
            return Optional.of("service " + service + " (container " + c.name() + ", image " + c.image()
                + ") keeps crashing: restarted " + (c.restarts() - before) + " time(s)"
                + (c.exitCode() != 0 ? ", last exit code " + c.exitCode() : "") + tail(p, c));
          }
          if ("unhealthy".equals(c.health())) {
            return Optional.of("service " + service + " (container " + c.name() + ", image " + c.image()
                + ") is unhealthy: its healthcheck " + (c.lastHealthOutput().isEmpty() ? "failed"
                : "said: " + c.lastHealthOutput()) + tail(p, c));
          }
          if (!c.running()) waiting = "service " + service + " is " + c.status();
          else if (c.health() != null && !"healthy".equals(c.health())) {
            waiting = "service " + service + " is still " + c.health();
          }
        }
      }
      if (waiting == null) return Optional.empty();
      if (!clock.instant().isBefore(deadline)) {
        return Optional.of(waiting + " after " + timeout.toSeconds() + " s (target.healthTimeoutSeconds)");
      }
      sleeper.sleep(POLL);
    }
  }

  private static String tail(ComposeProject p, ComposeProject.Container c) throws InterruptedException {
    String t = p.logTail(c, 5);
    return t.isEmpty() ? "" : "; its log ends: " + t;
  }
}
