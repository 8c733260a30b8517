package dev.deploypipeline.approval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SSH signatures made and checked by the real {@code ssh-keygen -Y} (the scheme git uses for {@code gpg.format
 * ssh}), in the namespace {@value #NAMESPACE} so that a signature made for anything else never verifies here.
 */
public final class SshSignatures {
  public static final String NAMESPACE = "deployment-pipeline";
  private static final Pattern KEY = Pattern.compile("key (SHA256:\\S+)");
  private static final long TIMEOUT_SECONDS = 60;

  /** A good signature: the principal it verified for, all principals of that key, and the key's fingerprint. */
  public record Verified(String principal, List<String> principals, String fingerprint) {}

  public static final class SignatureException extends RuntimeException {
    public SignatureException(String message) {
      super(message);
    }
  }

  private SshSignatures() {}

  /** Signs {@code payload} with the private key (or, for a .pub, the matching key in ssh-agent). */
  public static String sign(Path key, String payload) {
    if (!Files.isReadable(key)) {
      throw new SignatureException("--sign: cannot read the key " + key + "; pass your SSH private key, e.g. "
          + "~/.ssh/id_ed25519");
    }
    Result r = run(payload, "ssh-keygen", "-q", "-Y", "sign", "-f", key.toString(), "-n", NAMESPACE);
    if (r.code != 0 || !r.out.contains("BEGIN SSH SIGNATURE")) {
      throw new SignatureException("ssh-keygen could not sign with " + key + ": " + r.err.strip());
    }
    return r.out;
  }

  /**
   * Verifies {@code signature} over {@code payload} against the allowed-signers file: finds the key's principals
   * ({@code -Y find-principals}), then checks the signature for the first ({@code -Y verify}).
   */
  public static Verified verify(Path allowedSigners, String payload, String signature) {
    if (allowedSigners == null || !Files.isRegularFile(allowedSigners)) {
      throw new SignatureException("no allowed-signers file " + (allowedSigners == null ? "configured" : "at "
          + allowedSigners) + "; list each approver's public key there (the format git uses: `principal "
          + "ssh-ed25519 AAAA…`) and name it in the user policy (allowedSignersFile)");
    }
    Path sig = null;
    try {
      sig = Files.createTempFile("approval", ".sig");
      Files.writeString(sig, signature);
      Result found = run(null, "ssh-keygen", "-Y", "find-principals", "-f", allowedSigners.toString(), "-s",
          sig.toString());
      List<String> principals = new ArrayList<>();
      for (String line : found.out.split("\n")) {
        for (String p : line.split(",")) if (!p.isBlank()) principals.add(p.strip());
      }
      if (found.code != 0 || principals.isEmpty()) {
        throw new SignatureException("the signing key is not listed in " + allowedSigners);
      }
      Result ok = run(payload, "ssh-keygen", "-Y", "verify", "-f", allowedSigners.toString(), "-I",
          principals.get(0), "-n", NAMESPACE, "-s", sig.toString());
      if (ok.code != 0) {
        throw new SignatureException("the signature does not match the signed payload for " + principals.get(0));
      }
      Matcher m = KEY.matcher(ok.out + ok.err);
      return new Verified(principals.get(0), List.copyOf(principals), m.find() ? m.group(1) : null);
    } catch (IOException e) {
      throw new SignatureException("cannot check the signature: " + e.getMessage());
    } finally {
      if (sig != null) sig.toFile().delete();
    }
  }

  private record Result(int code, String out, String err) {}

  private static Result run(String stdin, String... cmd) {
    try {
      String[] argv = cmd.clone();
      argv[0] = TrustedTools.path(argv[0]);
      Process p = new ProcessBuilder(argv).start();
      try (var in = p.getOutputStream()) {
        if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      // Read both streams off-thread so that neither a full pipe nor a hung ssh-keygen defeats the timeout.
      var out = java.util.concurrent.CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
      var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new SignatureException("ssh-keygen did not finish within " + TIMEOUT_SECONDS + " s");
      }
      return new Result(p.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new SignatureException("cannot run ssh-keygen (" + e.getMessage() + "); install OpenSSH 8.2 or later");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SignatureException("interrupted while running ssh-keygen");
    }
  }

  private static String drain(java.io.InputStream s) {
    try {
      return new String(s.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
