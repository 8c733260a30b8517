import dev.deploypipeline.router.CaddyProcess;
import dev.deploypipeline.router.HaproxyProcess;
import dev.deploypipeline.router.Router;
import dev.deploypipeline.router.Upstream;
import dev.deploypipeline.targets.Instance;
import dev.deploypipeline.targets.InstanceSpec;
import dev.deploypipeline.targets.Ports;
import dev.deploypipeline.targets.ProcessTarget;
import dev.deploypipeline.workflow.Sleeper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Router-level benchmark: real Caddy and HAProxy in front of two example services (v1, v2), under a constant
 * loopback load. (a) blue-green: 5 switches back and forth, failed requests and switch latency (decision to the
 * first request after which every request reached the new colour); (b) canary [10, 25, 50, 100]: observed share
 * of v2 per step. Bounded: RATE requests/s, at most MAX_REQUESTS in all, each phase a fixed time.
 * Run via bench/routers.sh (it builds the classpath); args: requests-per-second (default 250).
 */
public final class RouterBench {
  static final int MAX_REQUESTS = 40_000;
  static final AtomicInteger sent = new AtomicInteger();

  record Sample(long sentNanos, int status, String version, String error) {}

  /** A constant-rate open-loop load: one request every 1/rate s, whatever the answers do. */
  static final class Load implements AutoCloseable {
    final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    final java.util.concurrent.ExecutorService pool = Executors.newFixedThreadPool(8);
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).executor(pool).build();

    Load(URI url, int rate) {
      timer.scheduleAtFixedRate(() -> {
        if (sent.incrementAndGet() > MAX_REQUESTS) return;
        long t = System.nanoTime();
        http.sendAsync(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding())
            .whenComplete((r, e) -> samples.add(new Sample(t, r == null ? -1 : r.statusCode(),
                r == null ? "" : r.headers().firstValue("X-Version").orElse(""),
                e == null ? null : String.valueOf(rootCause(e)))));
      }, 0, 1_000_000 / rate, TimeUnit.MICROSECONDS);
    }

    @Override
    public void close() throws InterruptedException {
      timer.shutdownNow();
      Thread.sleep(1500); // let the last requests (5 s timeout, answers in ms) come back before counting
      pool.shutdownNow();
    }

    List<Sample> sorted() {
      List<Sample> l = new ArrayList<>(samples);
      l.sort((a, b) -> Long.compare(a.sentNanos, b.sentNanos));
      return l;
    }
  }

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 250;
    if (rate < 200 || rate > 1000) throw new IllegalArgumentException("rate must be 200-1000 requests/s");
    Path root = Path.of("").toAbsolutePath();
    Path work = Files.createTempDirectory("router-bench");
    Path classes = work.resolve("classes");
    Process javac = new ProcessBuilder("javac", "-d", classes.toString(),
        root.resolve("examples/progressive/Service.java").toString()).inheritIO().start();
    if (javac.waitFor() != 0) throw new IOException("javac Service.java failed");
    ProcessTarget target = new ProcessTarget();
    List<Instance> instances = new ArrayList<>();
    try {
      Instance v1 = start(target, instances, work, classes, "v1");
      Instance v2 = start(target, instances, work, classes, "v2");
      System.out.printf("rate %d requests/s, loopback; v1 %s, v2 %s%n", rate, v1.address(), v2.address());
      List<Integer> p = Ports.free(4);
      Path caddyBin = Path.of("/usr/bin/caddy");
      Path haproxyBin = Path.of("/usr/sbin/haproxy");
      var caddy = CaddyProcess.start(caddyBin, work.resolve("caddy"), p.get(0), p.get(1), "bench",
          List.of(new Upstream(v1.address(), 1)), Sleeper.REAL);
      try {
        run("caddy", caddy.router(), caddy.url(), v1, v2, rate);
      } finally {
        caddy.stop();
      }
      var haproxy = HaproxyProcess.start(haproxyBin, work.resolve("haproxy"), p.get(2), p.get(3), "app",
          List.of(new Upstream(v1.address(), 1)), Sleeper.REAL);
      try {
        run("haproxy", haproxy.router(), haproxy.url(), v1, v2, rate);
      } finally {
        haproxy.stop();
      }
    } finally {
      for (Instance i : instances) target.stop(i, Duration.ofSeconds(2));
    }
    System.exit(0); // the HTTP clients' selector threads are not daemons
  }

  static Instance start(ProcessTarget target, List<Instance> all, Path work, Path classes, String version)
      throws Exception {
    int port = Ports.free();
    Instance i = target.start(new InstanceSpec("bench", version, version, port, "exec java -cp \"$CLASSES\" Service",
        Map.of("CLASSES", classes.toString()), work, work.resolve("logs")));
    all.add(i);
    HttpClient c = HttpClient.newHttpClient();
    for (int n = 0; n < 200; n++) { // the service starts in about a second
      try {
        if (c.send(HttpRequest.newBuilder(URI.create("http://" + i.address() + "/health")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return i;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IOException(version + " did not start: " + Files.readString(i.log()));
  }

  static void run(String proxy, Router router, URI url, Instance v1, Instance v2, int rate) throws Exception {
    // (a) blue-green: warm up, then 5 switches, 1 s apart
    router.route(List.of(new Upstream(v1.address(), 1)));
    List<long[]> switches = new ArrayList<>(); // decision time, route() return time, target colour (1 or 2)
    Load load = new Load(url.resolve("/"), rate);
    Thread.sleep(1000);
    for (int s = 0; s < 5; s++) {
      Instance to = s % 2 == 0 ? v2 : v1;
      Instance from = s % 2 == 0 ? v1 : v2;
      long t0 = System.nanoTime();
      router.route(List.of(new Upstream(from.address(), 0), new Upstream(to.address(), 1)));
      switches.add(new long[] {t0, System.nanoTime(), s % 2 == 0 ? 2 : 1});
      Thread.sleep(1000);
    }
    load.close();
    List<Sample> all = load.sorted();
    long failed = all.stream().filter(x -> x.status != 200).count();
    List<Double> latency = new ArrayList<>();
    List<Double> call = new ArrayList<>();
    for (int s = 0; s < switches.size(); s++) {
      long t0 = switches.get(s)[0];
      // requests sent in the last 100 ms before the next decision may reach the proxy after it: not counted
      long end = s + 1 < switches.size() ? switches.get(s + 1)[0] - 100_000_000L : Long.MAX_VALUE;
      String want = "v" + switches.get(s)[2];
      // the earliest sent time after which every request up to the next switch reached the new colour
      long settled = t0;
      for (Sample x : all) {
        if (x.sentNanos >= t0 && x.sentNanos < end && !want.equals(x.version)) settled = x.sentNanos + 1;
      }
      latency.add((settled - t0) / 1e6);
      call.add((switches.get(s)[1] - t0) / 1e6);
    }
    System.out.printf("%s blue-green: %d requests, %d failed; switch latency p50 %.1f ms p95 %.1f ms "
        + "(each: %s); route() call p50 %.1f ms%n", proxy, all.size(), failed, pct(latency, 50), pct(latency, 95),
        latency.stream().map(d -> String.format("%.1f", d)).toList(), pct(call, 50));
    if (failed > 0) System.out.println("  failed requests: " + failures(all));

    // (b) canary [10, 25, 50, 100]: 1 s of load per step, share of v2 among requests sent after the step applied
    router.route(List.of(new Upstream(v1.address(), 1)));
    Load canary = new Load(url.resolve("/"), rate);
    List<long[]> steps = new ArrayList<>();
    for (int w : new int[] {10, 25, 50, 100}) {
      router.route(List.of(new Upstream(v1.address(), 100 - w), new Upstream(v2.address(), w)));
      steps.add(new long[] {System.nanoTime(), w});
      Thread.sleep(1000);
    }
    canary.close();
    List<Sample> cs = canary.sorted();
    StringBuilder out = new StringBuilder();
    for (int s = 0; s < steps.size(); s++) {
      long from = steps.get(s)[0];
      long to = s + 1 < steps.size() ? steps.get(s + 1)[0] - 100_000_000L : Long.MAX_VALUE;
      List<Sample> in = cs.stream().filter(x -> x.sentNanos >= from && x.sentNanos < to).toList();
      long v2n = in.stream().filter(x -> "v2".equals(x.version)).count();
      out.append(String.format(" %d%%→%.1f%% (n=%d)", steps.get(s)[1], 100.0 * v2n / in.size(), in.size()));
    }
    System.out.printf("%s canary: %d requests, %d failed; weight→observed v2 share:%s%n", proxy, cs.size(),
        cs.stream().filter(x -> x.status != 200).count(), out);
    if (cs.stream().anyMatch(x -> x.status != 200)) System.out.println("  failed requests: " + failures(cs));
  }

  static Throwable rootCause(Throwable e) {
    while (e.getCause() != null && e.getCause() != e) e = e.getCause();
    return e;
  }

  /** What the failed requests got: status or exception, with counts. */
  static Map<String, Long> failures(List<Sample> samples) {
    return samples.stream().filter(x -> x.status != 200).collect(java.util.stream.Collectors.groupingBy(
        x -> x.error != null ? x.error : "HTTP " + x.status, java.util.TreeMap::new,
        java.util.stream.Collectors.counting()));
  }

  static double pct(List<Double> v, int p) {
    List<Double> s = new ArrayList<>(v);
    Collections.sort(s);
    return s.get((int) Math.ceil(p / 100.0 * s.size()) - 1);
  }
}
