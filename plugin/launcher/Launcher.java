import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The slow path of {@code bin/deployment-pipeline}, run with {@code java Launcher.java} so that a user needs nothing
 * but a JDK: puts {@code dev.deploypipeline:deployment-pipeline:<version>} into a cache directory and builds the
 * start-up archive for it there. Runs once per version; every later start finds the cached jar and skips this.
 *
 * <pre>
 *   java Launcher.java fetch VERSION CACHE_DIR   the jar from the local Maven repository, else the remote one
 *   java Launcher.java train JAR                 only the AppCDS archive and early answers beside JAR
 * </pre>
 *
 * Environment: {@code MAVEN_REPO_LOCAL} (default ~/.m2/repository), {@code DEPLOY_PIPELINE_MAVEN_REPO} (default
 * Maven Central; http, https or file URL). A remote jar must match its published .sha256 or .sha1.
 */
public final class Launcher {
  static final String GROUP_PATH = "dev/deploypipeline/deployment-pipeline";
  static final String ARTIFACT = "deployment-pipeline";
  static final String CENTRAL = "https://repo1.maven.org/maven2";
  /** The class the build trains the archive with (mcp-server/pom.xml, appcds-archive); keep the two in step. */
  static final String TRAINING_CLASS = "dev.deploypipeline.mcp.stdio.CdsTraining";

  public static void main(String[] args) throws Exception {
    try {
      if (args.length == 3 && args[0].equals("fetch")) {
        fetch(args[1], Path.of(args[2]));
      } else if (args.length == 2 && args[0].equals("train")) {
        train(Path.of(args[1]).toAbsolutePath());
      } else {
        System.err.println("usage: java Launcher.java fetch VERSION CACHE_DIR | train JAR");
        System.exit(2);
      }
    } catch (FetchFailed e) {
      System.err.println("deployment-pipeline: " + e.getMessage());
      System.exit(1);
    }
  }

  static void fetch(String version, Path cache) throws IOException, InterruptedException {
    Path jar = cache.resolve(ARTIFACT + "-" + version + ".jar");
    String file = GROUP_PATH + "/" + version + "/" + ARTIFACT + "-" + version + ".jar";
    List<String> tried = new ArrayList<>();
    Files.createDirectories(cache);
    Path part = Files.createTempFile(cache, "download-", ".part");
    try {
      if (!Files.isRegularFile(jar) && !fromLocal(localRepo().resolve(file), part, tried)
          && !fromRemote(remoteRepo() + "/" + file, part, tried)) {
        throw new FetchFailed("cannot find dev.deploypipeline:deployment-pipeline:" + version + ". Tried:\n  "
            + String.join("\n  ", tried) + "\nnext: install it into your local Maven repository from a clone of "
            + "the project (`mvn -q -DskipTests install`), or set DEPLOY_PIPELINE_MAVEN_REPO to a Maven repository"
            + " that has it, or DEPLOY_PIPELINE_JAR to a built jar; then run `" + retryCommand() + "` once to check");
      }
      if (!Files.isRegularFile(jar)) {
        try {
          Files.move(part, jar, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException raced) {
          // Another start put it there first: theirs is the same verified artifact.
        }
      }
    } finally {
      Files.deleteIfExists(part);
    }
    Path jsa = archiveFor(jar);
    if (!Files.isRegularFile(jsa)) train(jar);
  }

  /** What the user runs to fetch with the progress in view (the launcher script exports its own path). */
  static String retryCommand() {
    String script = System.getenv("DEPLOY_PIPELINE_LAUNCHER");
    return (script == null ? "deployment-pipeline" : "sh " + script) + " --version";
  }

  static Path localRepo() {
    String env = System.getenv("MAVEN_REPO_LOCAL");
    return env != null && !env.isBlank() ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".m2", "repository");
  }

  static String remoteRepo() {
    String env = System.getenv("DEPLOY_PIPELINE_MAVEN_REPO");
    String repo = env != null && !env.isBlank() ? env : CENTRAL;
    return repo.endsWith("/") ? repo.substring(0, repo.length() - 1) : repo;
  }

  /** The local repository's copy; its checksum files are checked when the repository kept them. */
  static boolean fromLocal(Path source, Path part, List<String> tried) throws IOException {
    if (!Files.isRegularFile(source)) {
      tried.add(source + ": not there");
      return false;
    }
    System.err.println("deployment-pipeline: using " + source);
    Digests d;
    try (InputStream in = Files.newInputStream(source)) {
      d = copy(in, part);
    }
    for (String algo : List.of("sha256", "sha1")) {
      Path sum = source.resolveSibling(source.getFileName() + "." + algo);
      if (Files.isRegularFile(sum)) d.verify(algo, Files.readString(sum), source.toString());
    }
    return true;
  }

  static boolean fromRemote(String url, Path part, List<String> tried) throws IOException, InterruptedException {
    String expected = null, algo = null;
    for (String a : List.of("sha256", "sha1")) {
      byte[] body = get(url + "." + a, tried);
      if (body != null) {
        expected = new String(body, StandardCharsets.US_ASCII);
        algo = a;
        break;
      }
    }
    if (expected == null) {
      tried.add(url + ": no .sha256 or .sha1 published beside it, so it cannot be verified");
      return false;
    }
    System.err.println("deployment-pipeline: downloading " + url);
    long start = System.nanoTime();
    Digests d;
    try (InputStream in = open(url, tried)) {
      if (in == null) return false;
      d = copy(in, part);
    }
    d.verify(algo, expected, url);
    System.err.printf(Locale.ROOT, "deployment-pipeline: %,d bytes in %.1f s, %s verified%n", Files.size(part),
        (System.nanoTime() - start) / 1e9, algo);
    return true;
  }

  static byte[] get(String url, List<String> tried) throws IOException, InterruptedException {
    try (InputStream in = open(url, tried)) {
      return in == null ? null : in.readAllBytes();
    }
  }

  /** The body, or null (noted in {@code tried}) when the repository does not have it. */
  static InputStream open(String url, List<String> tried) throws IOException, InterruptedException {
    URI uri = URI.create(url);
    if ("file".equals(uri.getScheme())) {
      Path p = Path.of(uri);
      if (Files.isRegularFile(p)) return Files.newInputStream(p);
      tried.add(url + ": not there");
      return null;
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NORMAL).build();
    HttpResponse<InputStream> r;
    try {
      r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      tried.add(url + ": " + e);
      return null;
    }
    if (r.statusCode() == 200) return r.body();
    r.body().close();
    tried.add(url + ": HTTP " + r.statusCode());
    return null;
  }

  static Digests copy(InputStream in, Path part) throws IOException {
    Digests d = new Digests();
    try (OutputStream out = Files.newOutputStream(part)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        d.update(buf, n);
        out.write(buf, 0, n);
      }
    }
    return d;
  }

  static Path archiveFor(Path jar) {
    String name = jar.getFileName().toString();
    return jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + ".jsa");
  }

  /**
   * The AppCDS archive and the early answers for exactly this jar, as the build makes them for plugin/server/.
   * Without them the server still starts, just slower (about 0.4 s instead of 0.1 s), so a failure only warns.
   */
  static void train(Path jar) throws IOException, InterruptedException {
    Path jsa = archiveFor(jar);
    Path tmp = jsa.resolveSibling(jsa.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    String java = ProcessHandle.current().info().command().orElse("java");
    System.err.println("deployment-pipeline: preparing the start-up archive for " + jar.getFileName());
    Process p = new ProcessBuilder(java, "-XX:ArchiveClassesAtExit=" + tmp, "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC", "-Xlog:cds=error,cds+dynamic=error", "-cp", jar.toString(), TRAINING_CLASS)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    boolean done = p.waitFor(120, TimeUnit.SECONDS);
    if (!done) p.destroyForcibly().waitFor();
    if (done && p.exitValue() == 0 && Files.isRegularFile(tmp)) {
      Files.move(tmp, jsa, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } else {
      Files.deleteIfExists(tmp);
      System.err.println("deployment-pipeline: warning: no start-up archive (" + (done ? "exit " + p.exitValue()
          : "timed out") + "); the server will start slower");
    }
  }

  static final class Digests {
    private final MessageDigest sha1, sha256;

    Digests() {
      try {
        sha1 = MessageDigest.getInstance("SHA-1");
        sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    void update(byte[] b, int n) {
      sha1.update(b, 0, n);
      sha256.update(b, 0, n);
    }

    /** Checksum files hold the hex digest, sometimes followed by the file name. */
    void verify(String algo, String published, String what) {
      String want = published.strip().split("\\s+")[0].toLowerCase(Locale.ROOT);
      String have = HexFormat.of().formatHex((algo.equals("sha1") ? sha1 : sha256).digest());
      if (!have.equals(want)) {
        throw new FetchFailed(what + " does not match its ." + algo + " (expected " + want + ", got " + have
            + "); it was not used. next: retry; if it persists the repository or the connection is damaged");
      }
    }
  }

  static final class FetchFailed extends RuntimeException {
    FetchFailed(String message) {
      super(message);
    }
  }
}
