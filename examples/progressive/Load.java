import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A constant loopback load for the demo: {@code java Load.java URL RPS SECONDS}. Prints, every 5 s, how many
 * requests were answered 2xx, 5xx, or failed outright, so the reader sees what users of the proxy saw.
 */
public class Load {
  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0]);
    int rps = Integer.parseInt(args[1]);
    long seconds = Long.parseLong(args[2]);
    if (!"127.0.0.1".equals(uri.getHost())) throw new IllegalArgumentException("loopback only: " + uri);
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    AtomicLong ok = new AtomicLong();
    AtomicLong err = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long start = System.nanoTime();
    long next = start;
    long report = start + 5_000_000_000L;
    long periodNanos = 1_000_000_000L / rps;
    while (System.nanoTime() - start < seconds * 1_000_000_000L) {
      client.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
            if (e != null) failed.incrementAndGet();
            else if (r.statusCode() >= 500) err.incrementAndGet();
            else ok.incrementAndGet();
          });
      next += periodNanos;
      long wait = next - System.nanoTime();
      if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      if (System.nanoTime() > report) {
        System.out.printf("load: %d ok, %d 5xx, %d failed%n", ok.get(), err.get(), failed.get());
        report += 5_000_000_000L;
      }
    }
  }
}
