package dev.deploypipeline.testutil;

import dev.deploypipeline.targets.Instance;
import dev.deploypipeline.targets.InstanceSpec;
import dev.deploypipeline.targets.Ports;
import dev.deploypipeline.targets.ProcessTarget;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.ToolProvider;

/**
 * Real instances of {@code examples/progressive/Service.java}, compiled once per test class and started through
 * the process target. Each start blocks on a FIFO until the service printed its "listening" line (no polling).
 */
public final class ExampleServices implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Path dir;
  private final Path classes;
  private final ProcessTarget target = new ProcessTarget();
  private final List<Instance> started = new ArrayList<>();

  public ExampleServices(Path dir) throws IOException {
    this.dir = dir;
    this.classes = dir.resolve("classes");
    Files.createDirectories(classes);
    Path source = repoRoot().resolve("examples/progressive/Service.java");
    int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), source.toString());
    if (rc != 0) throw new IOException("javac " + source + " failed with " + rc);
  }

  public static Path repoRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("examples/progressive"))) p = p.getParent();
    if (p == null) {
      throw new IllegalStateException("examples/progressive not found above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  /** Starts one instance of {@code version} on a free port; returns once it listens. */
  public Instance start(String version, double failRate) throws IOException, InterruptedException {
    int port = Ports.free();
    Path fifo = dir.resolve("ready-" + version + "-" + port);
    if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() != 0) throw new IOException("mkfifo");
    String cmd = "java -cp \"$CLASSES\" Service"
        + " | (read -r line; echo \"$line\"; echo \"$line\" > \"$READY\"; exec cat)";
    Instance i = target.start(new InstanceSpec("test", version, version, port, cmd,
        Map.of("CLASSES", classes.toString(), "READY", fifo.toString(), "FAIL_RATE", Double.toString(failRate)),
        dir, dir.resolve("logs")));
    started.add(i);
    String line = Files.readString(fifo).strip();
    if (!line.contains("listening")) throw new IOException("service " + version + " did not start: " + line);
    return i;
  }

  /** GET {@code url}; returns status and X-Version. */
  public static Reply get(URI url) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.headers().firstValue("X-Version").orElse(""));
  }

  public record Reply(int status, String version) {}

  @Override
  public void close() throws Exception {
    for (Instance i : started) target.stop(i, Duration.ofSeconds(2));
  }
}
