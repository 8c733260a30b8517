package dev.deploypipeline.router;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link Router} over HAProxy's runtime API. The backend's servers are slots: an upstream takes the slot that
 * already has its address, else an unused slot ({@code set server be/sN addr 127.0.0.1 port P}); its weight is
 * {@code set server ... weight W} (reduced by gcd, at most 256); a weight of 0 drains it ({@code state drain}:
 * in-flight requests finish, no new ones) and a slot no longer listed goes to {@code state maint}. All commands
 * go in one runtime call, new servers first, so the backend is never empty; the split is then read back and
 * compared. Counters come from {@code show stat} per slot (since the slot got its address); p95 latency from the
 * log of a private HAProxy, else -1.
 */
public final class HaproxyRouter implements Router {
  private static final int MAX_WEIGHT = 256;
  /** Forced/inherited maintenance, forced/inherited drain, resolution maintenance; 0x04 (from config) is not. */
  private static final int OUT_OF_ROTATION = 0x01 | 0x02 | 0x08 | 0x10 | 0x20;
  private final HaproxyRuntime runtime;
  private final String backend;
  private final AccessLog log;
  private final Map<String, long[]> baseline = new HashMap<>();

  /** @param log the log of a private HAProxy ({@link HaproxyConfig}'s format), or null: latency is then -1 */
  public HaproxyRouter(HaproxyRuntime runtime, String backend, AccessLog log) {
    this.runtime = runtime;
    this.backend = backend;
    this.log = log;
  }

  /** Attaches to a running HAProxy by its stats-socket port and the backend whose servers are the slots. */
  public static HaproxyRouter attach(int statsPort, String backend) {
    return attach(statsPort, backend, null);
  }

  /**
   * Attaches with the log of a HAProxy started by {@link HaproxyProcess} (e.g. after our server restarted), so
   * latency is known again; null for none.
   */
  public static HaproxyRouter attach(int statsPort, String backend, java.nio.file.Path log) {
    return new HaproxyRouter(new HaproxyRuntime(statsPort), backend,
        log == null ? null : new AccessLog(log, new HaproxyLogLine()));
  }

  @Override
  public String kind() {
    return "haproxy";
  }

  record Slot(String name, String address, int opState, int adminState, int weight) {
    boolean unused() {
      return address.endsWith(":1");
    }

    boolean inRotation() {
      return opState == 2 && (adminState & OUT_OF_ROTATION) == 0 && weight > 0;
    }
  }

  List<Slot> slots() throws IOException {
    String answer = runtime.command("show servers state " + backend);
    List<Slot> out = new ArrayList<>();
    for (Map<String, String> r : HaproxyStats.serversState(answer)) {
      out.add(new Slot(r.get("srv_name"), r.get("srv_addr") + ":" + r.get("srv_port"),
          Integer.parseInt(r.get("srv_op_state")), Integer.parseInt(r.get("srv_admin_state")),
          Integer.parseInt(r.get("srv_uweight"))));
    }
    if (out.isEmpty()) {
      throw new IOException("haproxy backend '" + backend + "' has no servers (answer: " + answer.strip()
          + "); declare slots, e.g. `server-template s 1-8 127.0.0.1:1 disabled`");
    }
    return out;
  }

  @Override
  public synchronized void route(List<Upstream> upstreams) throws IOException {
    List<Upstream> want = Weights.reduce(upstreams, MAX_WEIGHT);
    Set<String> draining = new LinkedHashSet<>();
    upstreams.stream().filter(u -> u.weight() == 0).forEach(u -> draining.add(u.address()));
    List<Slot> slots = slots();
    Map<String, Slot> byAddress = new HashMap<>();
    slots.stream().filter(s -> !s.unused()).forEach(s -> byAddress.putIfAbsent(s.address(), s));
    Set<String> listed = new LinkedHashSet<>(draining);
    want.forEach(u -> listed.add(u.address()));
    List<Slot> free = new ArrayList<>(slots.stream().filter(s -> !listed.contains(s.address()))
        .sorted((a, b) -> Boolean.compare(!a.unused(), !b.unused())).toList());
    // counters are read only when a slot changes hands (the baseline of its new address), to keep switches fast
    boolean reassigning = want.stream().anyMatch(u -> !byAddress.containsKey(u.address()));
    Map<String, long[]> before = reassigning
        ? HaproxyStats.serverCounters(runtime.command("show stat"), backend) : Map.of();

    List<String> up = new ArrayList<>();
    Set<String> used = new java.util.HashSet<>();
    for (Upstream u : want) {
      Slot s = byAddress.get(u.address());
      if (s == null) {
        if (free.isEmpty()) {
          throw new IOException("haproxy backend '" + backend + "' has no free server slot for " + u.address()
              + " (" + slots.size() + " slots); declare more in its server-template");
        }
        s = free.remove(0);
        String[] hp = u.address().split(":");
        up.add("set server " + backend + "/" + s.name() + " addr " + hp[0] + " port " + hp[1]);
        baseline.put(s.name(), before.getOrDefault(s.name(), new long[2]));
      }
      used.add(s.name());
      up.add("set server " + backend + "/" + s.name() + " weight " + u.weight());
      up.add("set server " + backend + "/" + s.name() + " state ready");
    }
    List<String> down = new ArrayList<>();
    for (Slot s : slots) {
      if (used.contains(s.name())) continue;
      if (draining.contains(s.address())) {
        down.add("set server " + backend + "/" + s.name() + " state drain");
      } else if (s.inRotation() || (s.adminState() & 0x01) == 0) {
        down.add("set server " + backend + "/" + s.name() + " state maint");
      }
    }
    up.addAll(down);
    String answer = runtime.command(String.join("; ", up));
    List<Upstream> now = current();
    if (!new java.util.HashSet<>(now).equals(new java.util.HashSet<>(want))) {
      throw new IOException("haproxy did not apply the split " + want + " (it has " + now + "): " + answer.strip());
    }
  }

  @Override
  public List<Upstream> current() throws IOException {
    return slots().stream().filter(Slot::inRotation).map(s -> new Upstream(s.address(), s.weight())).toList();
  }

  @Override
  public synchronized Map<String, UpstreamCounters> counters() throws IOException {
    Map<String, long[]> raw = HaproxyStats.serverCounters(runtime.command("show stat"), backend);
    Map<String, UpstreamCounters> latency = log == null ? Map.of() : log.counters();
    Map<String, UpstreamCounters> out = new HashMap<>();
    for (Slot s : slots()) {
      long[] c = raw.get(s.name());
      if (s.unused() || c == null) continue;
      long[] b = baseline.getOrDefault(s.name(), new long[2]);
      UpstreamCounters l = latency.get(s.address());
      out.put(s.address(), new UpstreamCounters(c[0] - b[0], c[1] - b[1], l == null ? -1 : l.latencyP95Millis()));
    }
    return out;
  }
}
