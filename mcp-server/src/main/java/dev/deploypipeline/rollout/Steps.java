package dev.deploypipeline.rollout;

import dev.deploypipeline.config.StepSpec;
import dev.deploypipeline.router.Router;
import dev.deploypipeline.router.Upstream;
import dev.deploypipeline.targets.Instance;
import dev.deploypipeline.targets.InstanceSpec;
import dev.deploypipeline.workflow.Rollout;
import dev.deploypipeline.workflow.Rollout.Member;
import dev.deploypipeline.workflow.RolloutEvent;
import dev.deploypipeline.workflow.RolloutPhase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The vocabulary the strategies are written in: start instances, route, analyse, pause, stop. Each primitive
 * records its result through the {@link Ledger} before it returns, so a crash at any point leaves a record of what
 * runs and where traffic goes.
 */
final class Steps {
  /** The rollout must abort: a check failed or a step could not be done. */
  static final class Abort extends Exception {
    final Rollout.Verdict verdict;

    Abort(String reason, Rollout.Verdict verdict) {
      super(reason);
      this.verdict = verdict;
    }
  }

  /** The rollout waits for a human; it is saved as paused and the driver lets go. */
  static final class Park extends Exception {
    Park(String why) {
      super(why);
    }
  }

  static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final Ledger ledger;
  private final Setup s;
  private final Analysis analysis;

  Steps(Ledger ledger, Setup setup) {
    this.ledger = ledger;
    this.s = setup;
    this.analysis = new Analysis(setup.router(), setup.probe(), setup.smoke(), setup.sleeper(), setup.clock());
  }

  Setup setup() {
    return s;
  }

  Rollout rollout() {
    return ledger.current().orElseThrow();
  }

  List<Member> stable() {
    return rollout().live("stable");
  }

  List<Member> fresh() {
    return rollout().live("new");
  }

  List<Member> live(String role) {
    return rollout().live(role);
  }

  Ledger ledger() {
    return ledger;
  }

  /** Starts {@code n} instances of the new version in {@code slot} and waits until each answers its health path. */
  List<Member> start(String slot, int n) throws Abort, InterruptedException {
    return start(slot, n, "new");
  }

  /** The declared variables of the environment, then the instance's own (they win). */
  private Map<String, String> instanceEnv(int port) {
    Map<String, String> env = new java.util.LinkedHashMap<>(s.variables());
    env.put("PORT", Integer.toString(port));
    env.put("VERSION", s.version());
    env.put("ENVIRONMENT", ledger.environment());
    return env;
  }

  /** Same, recorded with {@code role} ({@code rollback} for a rollback's redeploy of an earlier version). */
  List<Member> start(String slot, int n, String role) throws Abort, InterruptedException {
    List<Member> started = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int port = s.ports().next(Ports.inUse(rollout()));
      String name = n == 1 ? slot : slot + "-" + i;
      Instance inst;
      try {
        inst = s.target().start(new InstanceSpec(ledger.environment(), s.version(), name, port, s.targetSpec().command(),
            instanceEnv(port), s.workDir(), s.logDir()));
      } catch (IOException e) {
        throw new Abort("could not start " + name + " of " + s.version() + ": " + e.getMessage(), null);
      }
      Member m = new Member(inst.id(), role, name, s.version(), inst.address(), inst.pid(), inst.processStart(),
          inst.log() == null ? null : inst.log().toString(), false);
      ledger.save(r -> r.withMember(m), "INSTANCE_STARTED", Map.of("slot", name, "address", m.address(),
          "pid", m.pid(), "version", m.version()));
      started.add(m);
      awaitHealthy(m);
    }
    return started;
  }

  private void awaitHealthy(Member m) throws Abort, InterruptedException {
    Instant deadline = s.clock().instant().plusSeconds(s.targetSpec().startTimeout());
    String last = "no answer";
    while (true) {
      try {
        int code = s.probe().status(m.address(), s.targetSpec().health());
        if (code / 100 == 2) return;
        last = "HTTP " + code;
      } catch (IOException e) {
        last = e.getClass().getSimpleName();
      }
      if (!s.clock().instant().isBefore(deadline)) {
        throw new Abort(m.slot() + " (" + m.address() + ") did not become healthy within "
            + s.targetSpec().startTimeout() + " s (last: " + last + "); see its log " + m.log()
            + ", or raise target.startTimeoutSeconds", null);
      }
      s.sleeper().sleep(Duration.ofMillis(250));
    }
  }

  /**
   * Sets the split and reads it back from the proxy; the read-back is what is recorded. A proxy that does not show
   * the split asked for is an abort reason: we never assume traffic went where we wanted.
   */
  long route(Map<String, Integer> weights, String why) throws Abort, InterruptedException {
    Router router = s.router();
    if (router == null) return 0;
    List<Upstream> wanted = weights.entrySet().stream().filter(e -> e.getValue() > 0)
        .map(e -> new Upstream(e.getKey(), e.getValue())).toList();
    Instant t0 = s.clock().instant();
    List<Upstream> now;
    try {
      router.route(wanted);
      now = router.current();
    } catch (IOException e) {
      throw new Abort("the " + router.kind() + " router refused the split (" + why + "): " + e.getMessage(), null);
    }
    long ms = Duration.between(t0, s.clock().instant()).toMillis();
    List<Rollout.Weight> seen = now.stream().map(u -> new Rollout.Weight(u.address(), u.weight())).toList();
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("why", why);
    d.put("weights", seen.stream().map(w -> w.address() + "=" + w.weight()).toList());
    d.put("switchMs", ms);
    ledger.save(r -> r.withWeights(seen), "ROUTED", d);
    if (!positive(now).equals(positive(wanted))) {
      throw new Abort("the proxy shows " + positive(now) + " after asking for " + positive(wanted), null);
    }
    return ms;
  }

  /** The same share for each of {@code members}, nothing for anyone else. */
  long routeAllTo(List<Member> members, String why) throws Abort, InterruptedException {
    Map<String, Integer> w = new LinkedHashMap<>();
    members.forEach(m -> w.put(m.address(), 1));
    return route(w, why);
  }

  /**
   * Runs an analysis and records its verdict. Successful returns; Inconclusive parks for a human; Failed and Error
   * abort; Cancelled (interrupted) is recorded and the interrupt re-raised, so nothing counts it as a pass.
   */
  void analyse(String at, boolean traffic) throws Abort, Park, InterruptedException {
    ledger.fire(RolloutEvent.VERIFY, "engine", false, r -> r, Map.of("at", at));
    List<String> stableAddrs = stable().stream().map(Member::address).toList();
    List<String> freshAddrs = fresh().stream().map(Member::address).toList();
    Rollout.Verdict v = analysis.run(s.strategy().analysisOrDefault(), new Analysis.Subject(at, s.version(),
        freshAddrs, stableAddrs, traffic, s.targetSpec().health(), s.targetSpec().version()));
    Verdict verdict = Verdict.valueOf(v.verdict().toUpperCase(java.util.Locale.ROOT));
    Map<String, Object> d = Verdict.details(v);
    switch (verdict) {
      case SUCCESSFUL -> ledger.fire(RolloutEvent.PASSED, "engine", false, r -> r.withVerdict(v), d);
      case INCONCLUSIVE -> {
        ledger.fire(RolloutEvent.INCONCLUSIVE, "engine", false, r -> r.withVerdict(v).waiting("inconclusive", null),
            d);
        throw new Park("analysis " + at + " was inconclusive (" + v.failingCheck() + "); approve to go on, or roll back");
      }
      case CANCELLED -> {
        ledger.save(r -> r.withVerdict(v), "ANALYSIS_CANCELLED", d);
        throw new InterruptedException("analysis " + at + " cancelled");
      }
      default -> {
        ledger.save(r -> r.withVerdict(v), "ANALYSIS_" + verdict.name(), d);
        throw new Abort("analysis " + at + " " + v.verdict() + " on " + v.failingCheck(), v);
      }
    }
  }

  /** A step's pause: timed through the injected sleeper, or parked for an approval. */
  void pause(StepSpec step, int index) throws Park, InterruptedException {
    if (step.untilApproved()) {
      ledger.fire(RolloutEvent.PAUSE, "engine", false, r -> r.waiting("approval", null), Map.of("step", index + 1));
      throw new Park("step " + (index + 1) + " (" + step.weight() + " %) waits for approval");
    }
    Duration d = step.pauseFor().orElse(Duration.ZERO);
    if (d.isZero()) return;
    ledger.fire(RolloutEvent.PAUSE, "engine", false, r -> r.waiting("time", s.clock().instant().plus(d)),
        Map.of("step", index + 1, "pauseMs", d.toMillis()));
    s.sleeper().sleep(d);
    ledger.fire(RolloutEvent.RESUME, "engine", false, r -> r, Map.of("step", index + 1));
  }

  /** Stops the instances (whole process groups) and records them stopped. */
  void stop(List<Member> members, String why) throws InterruptedException {
    for (Member m : members) {
      try {
        s.target().stop(toInstance(m), STOP_GRACE);
      } catch (IOException e) {
        ledger.save(r -> r, "STOP_FAILED", Map.of("address", m.address(), "error", String.valueOf(e.getMessage())));
        continue;
      }
      ledger.save(r -> r.withMember(m.asStopped()), "INSTANCE_STOPPED", Map.of("slot", m.slot(),
          "address", m.address(), "why", why));
    }
  }

  Instance toInstance(Member m) {
    return new Instance(m.id(), ledger.environment(), m.version(), m.slot(), m.address(), m.pid(), m.processStart(),
        m.log() == null ? null : Path.of(m.log()));
  }

  void fire(RolloutEvent e, Map<String, Object> details) {
    ledger.fire(e, "engine", false, r -> r, details);
  }

  boolean in(RolloutPhase p) {
    return rollout().phase() == p;
  }

  private static Set<String> positive(List<Upstream> ups) {
    return ups.stream().filter(u -> u.weight() > 0).map(Upstream::address).collect(Collectors.toSet());
  }
}
