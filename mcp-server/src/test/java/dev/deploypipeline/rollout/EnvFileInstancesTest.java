package dev.deploypipeline.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.envfiles.AgeCipher;
import dev.deploypipeline.secrets.Redaction;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process target's instances get the environment's decrypted env-file values, as a deploy stage does. */
class EnvFileInstancesTest {
  static final String SECRET = "instance-secret-7730";
  @TempDir Path dir;
  @TempDir Path keys;
  AgeCipher.KeyPairText key;

  @BeforeEach
  void setUp() throws Exception {
    Redaction.reset();
    key = AgeCipher.generate();
    Files.writeString(dir.resolve(".env.production"), "API_TOKEN=" + AgeCipher.encrypt(SECRET,
        List.of(key.recipient())) + "\nPLAIN=1\n");
  }

  @AfterEach
  void forget() {
    Redaction.reset();
  }

  Rig rig(String identity) throws Exception {
    Path id = keys.resolve("prod.key");
    Files.writeString(id, identity + "\n");
    Rig rig = new Rig(dir);
    rig.serverEnv = Map.of("DEPLOY_AGE_IDENTITY", id.toString());
    rig.restart();
    return rig;
  }

  @Test
  void everyInstanceStartsWithTheDecryptedValue() throws Exception {
    Rig rig = rig(key.identity());
    Deployment d = rig.deploy("v1", Rig.config("\"strategy\": {\"type\": \"recreate\"}"));
    assertThat(d.state()).isEqualTo(State.COMPLETED);
    assertThat(rig.target.started).hasSize(2)
        .allSatisfy(spec -> assertThat(spec.env()).containsEntry("API_TOKEN", SECRET).doesNotContainKey("PLAIN"));
    assertThat(Redaction.redact("t=" + SECRET)).isEqualTo("t=[redacted:API_TOKEN]");
  }

  @Test
  void aWrongKeyFailsTheRolloutBeforeAnyInstanceStarts() throws Exception {
    Rig rig = rig(AgeCipher.generate().identity());
    Deployment d = rig.deploy("v1", Rig.config("\"strategy\": {\"type\": \"recreate\"}"));
    assertThat(d.state()).isEqualTo(State.FAILED);
    assertThat(d.error()).contains("cannot decrypt API_TOKEN of environment production (.env.production)");
    assertThat(rig.target.started).isEmpty();
  }
}
