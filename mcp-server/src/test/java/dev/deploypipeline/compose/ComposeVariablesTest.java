package dev.deploypipeline.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The variables Compose files reference, read by the validator's own parser and interpolator. */
class ComposeVariablesTest {
  @TempDir Path dir;

  @Test
  void everyReferenceFormWithWhetherItHasADefault() throws Exception {
    Path a = dir.resolve("compose.yaml");
    Files.writeString(a, """
        x-common: &common
          environment:
            SHARED: ${SHARED_REF}
        services:
          web:
            <<: *common
            image: "web:${TAG:-latest}"
            command: ["run", "$PLAIN", "${NEEDED:?set NEEDED}", "${ALT:+on}", "$${NOT_A_VAR}", "${OPT-x}"]
            env_file: [.env.web, {path: ./shared.env, required: false}]
        """);
    Path b = dir.resolve("override.yaml");
    Files.writeString(b, "services:\n  web:\n    environment:\n      AGAIN: ${TAG}\n");
    ComposeVariables.Usage u = ComposeVariables.of(List.of(a, b));
    assertThat(u.references().keySet()).containsExactlyInAnyOrder("SHARED_REF", "TAG", "PLAIN", "NEEDED", "ALT", "OPT");
    assertThat(u.references().get("TAG").withDefault()).as("a later bare ${TAG} needs it after all").isFalse();
    assertThat(u.references().get("TAG").line()).isEqualTo(7);
    assertThat(u.references().get("NEEDED").withDefault()).isFalse();
    assertThat(u.references().get("PLAIN").withDefault()).isFalse();
    assertThat(u.references().get("ALT").withDefault()).isTrue();
    assertThat(u.references().get("OPT").withDefault()).isTrue();
    assertThat(u.envFiles()).containsExactly(".env.web", "./shared.env");
  }

  @Test
  void aMissingFileIsNamed() {
    assertThatThrownBy(() -> ComposeVariables.of(List.of(dir.resolve("nope.yaml"))))
        .isInstanceOf(ComposeInputException.class).hasMessageContaining("nope.yaml");
  }
}
