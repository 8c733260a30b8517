package dev.deploypipeline.envfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.testutil.RequiredTool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our age values and the real {@code age} CLI (Debian's age 1.1.1) read each other, both ways. */
class AgeCipherRealAgeTest {
  @TempDir Path dir;

  @Test
  void aValueWeEncryptIsDecryptedByTheAgeCli() throws Exception {
    RequiredTool.require("age", "age");
    RequiredTool.require("age-keygen", "age");
    Path key = dir.resolve("key.txt");
    run(null, "age-keygen", "-o", key.toString());
    String identity = Files.readAllLines(key).stream().filter(l -> l.startsWith("AGE-SECRET-KEY-1")).findFirst()
        .orElseThrow();
    String recipient = new String(run(null, "age-keygen", "-y", key.toString()), StandardCharsets.UTF_8).strip();
    assertThat(AgeCipher.recipientOf(identity)).as("our public key of age-keygen's identity").isEqualTo(recipient);

    String secret = "p@ss wörd=with\"quotes\" and #hash";
    String stored = AgeCipher.encrypt(secret, List.of(recipient));
    assertThat(stored).startsWith("age:").doesNotContain(secret);
    Path file = dir.resolve("value.age");
    Files.write(file, Base64.getDecoder().decode(stored.substring(4)));
    byte[] plain = run(null, "age", "--decrypt", "-i", key.toString(), file.toString());
    assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo(secret);
  }

  @Test
  void aValueTheAgeCliEncryptsIsDecryptedByUs() throws Exception {
    RequiredTool.require("age", "age");
    AgeCipher.KeyPairText ours = AgeCipher.generate();
    assertThat(ours.identity()).startsWith("AGE-SECRET-KEY-1");
    assertThat(ours.recipient()).startsWith("age1");
    String secret = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc";
    byte[] cipher = run(secret.getBytes(StandardCharsets.UTF_8), "age", "--encrypt", "-r", ours.recipient());
    String stored = "age:" + Base64.getEncoder().encodeToString(cipher);
    assertThat(AgeCipher.decrypt(stored, List.of(ours.identity()))).isEqualTo(secret);

    AgeCipher.KeyPairText other = AgeCipher.generate();
    assertThatThrownBy(() -> AgeCipher.decrypt(stored, List.of(other.identity())))
        .isInstanceOf(AgeCipher.DecryptException.class);
  }

  @Test
  void aKeyFromOurKeygenWorksWithTheAgeCli() throws Exception {
    RequiredTool.require("age", "age");
    AgeCipher.KeyPairText ours = AgeCipher.generate();
    Path key = dir.resolve("ours.key");
    Files.writeString(key, ours.identity() + "\n");
    byte[] cipher = run("hello age".getBytes(StandardCharsets.UTF_8), "age", "-r", ours.recipient());
    Path file = dir.resolve("c.age");
    Files.write(file, cipher);
    assertThat(new String(run(null, "age", "-d", "-i", key.toString(), file.toString()), StandardCharsets.UTF_8))
        .isEqualTo("hello age");
  }

  @Test
  void aBoundValueWithItsLabelStanzaIsStillAStandardAgeFile() throws Exception {
    RequiredTool.require("age", "age");
    AgeCipher.KeyPairText ours = AgeCipher.generate();
    Path key = dir.resolve("bound.key");
    Files.writeString(key, ours.identity() + "\n");
    String stored = SealedSecret.seal("production", "DB_PASSWORD", "s3cret value", List.of(ours.recipient()));
    Path file = dir.resolve("bound.age");
    Files.write(file, Base64.getDecoder().decode(stored.substring(4)));
    // age skips the label stanza it does not know; the header MAC it checks covers that stanza.
    assertThat(new String(run(null, "age", "-d", "-i", key.toString(), file.toString()), StandardCharsets.UTF_8))
        .isEqualTo("deployment-pipeline/v1 production DB_PASSWORD\ns3cret value");
    assertThat(SealedSecret.label(stored)).contains(new SealedSecret.Label("production", "DB_PASSWORD",
        List.of(AgeKeys.keyId(ours.recipient()))));
  }

  private static byte[] run(byte[] stdin, String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (var in = p.getOutputStream()) {
      if (stdin != null) in.write(stdin);
    }
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", cmd)).isZero();
    return out;
  }
}
