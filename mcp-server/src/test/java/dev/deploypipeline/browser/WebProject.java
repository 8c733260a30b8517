package dev.deploypipeline.browser;

import dev.deploypipeline.testutil.RequiredTool;
import dev.deploypipeline.testutil.TestProjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A project for the browser tests: service {@code svc} whose stages run {@code true}, except that the test stage
 * waits on a FIFO while {@link #hold()} is in force (so a test sees a stage running, then lets it go, without any
 * clock); prod may be approved only by {@code lead@example.com}. Its home holds the user policy whose
 * allowed-signers file lists the lead's SSH key, as a real approver's machine would.
 */
final class WebProject {
  static final String APPROVER = "lead@example.com";
  private final Path dir;
  private final Path home;
  private final Path holdFifo;
  private final Path leadKey;

  private WebProject(Path dir, Path home, Path holdFifo, Path leadKey) {
    this.dir = dir;
    this.home = home;
    this.holdFifo = holdFifo;
    this.leadKey = leadKey;
  }

  static WebProject create(Path root) throws IOException, InterruptedException {
    Path home = Files.createDirectories(root.resolve("home"));
    Path hold = root.resolve("hold.fifo");
    String test = "if [ -p '" + hold + "' ]; then read -r _ < '" + hold + "'; fi";
    String config = """
        {"service":"svc","executor":"local",
         "stages":{"validate":{"command":"true"},"build":{"command":"true"},"test":{"command":%s}},
         "environments":{
           "dev":{"deploy":{"command":"true"},"rollback":{"command":"true"}},
           "staging":{"deploy":{"command":"true"},"rollback":{"command":"true"}},
           "prod":{"deploy":{"command":"true"},"rollback":{"command":"true"},
                   "requiresApproval":true,"approvers":["%s"]}}}
        """.formatted(quote(test), APPROVER);
    Path dir = TestProjects.gitProject(root.resolve("project"), config);
    Path key = home.resolve("lead_ed25519");
    run(List.of(RequiredTool.require("ssh-keygen", "openssh-client").toString(), "-q", "-t", "ed25519", "-N", "",
        "-C", APPROVER, "-f", key.toString()));
    String[] pub = Files.readString(key.resolveSibling("lead_ed25519.pub")).strip().split(" ");
    Path signers = home.resolve("allowed_signers");
    Files.writeString(signers, APPROVER + " " + pub[0] + " " + pub[1] + "\n");
    Path policy = Files.createDirectories(home.resolve(".config/deployment-pipeline")).resolve("policy.json");
    Files.writeString(policy, "{\"allowedSignersFile\": " + quote(signers.toString()) + "}\n");
    return new WebProject(dir, home, hold, key);
  }

  Path dir() {
    return dir;
  }

  Path home() {
    return home;
  }

  /** From now on, a deployment's test stage waits until {@link #release()}. */
  void hold() throws IOException, InterruptedException {
    run(List.of("mkfifo", holdFifo.toString()));
  }

  /** Lets the waiting test stage go on (blocks until it is waiting) and ends the hold. */
  void release() throws IOException {
    Files.writeString(holdFifo, "go\n", StandardCharsets.UTF_8);
    Files.delete(holdFifo);
  }

  /** The lead's armored SSH signature over {@code message} in {@code namespace}, made by the real ssh-keygen. */
  String signAsLead(String message, String namespace) throws IOException, InterruptedException {
    Path msg = Files.createTempFile(home, "challenge", ".txt");
    Files.writeString(msg, message);
    run(List.of("ssh-keygen", "-Y", "sign", "-f", leadKey.toString(), "-n", namespace, msg.toString()));
    return Files.readString(Path.of(msg + ".sig"));
  }

  private static void run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException(cmd + " failed: " + out);
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
