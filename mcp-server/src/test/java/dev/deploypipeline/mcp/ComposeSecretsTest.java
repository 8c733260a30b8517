package dev.deploypipeline.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * compose_validate interpolates from the project's env files only, reports what it cannot resolve as unset by
 * name, and never echoes a value from a secret-looking variable or a secret env file.
 */
class ComposeSecretsTest {
  @TempDir Path project;

  String findings(Map<String, Object> args) {
    McpSchema.CallToolResult r = new ComposeValidateTool(project).call(ToolContext.NONE, args);
    return String.valueOf(r.structuredContent());
  }

  @Test
  void theServersEnvironmentIsNeverReadAVariableOnlyThereIsReportedUnsetByName() {
    // PATH and HOME are set in every test JVM: if the server's environment were read they would resolve.
    String out = findings(Map.of("content", "services:\n  web:\n    image: \"x:${HOME}\"\n    ports: [\"${PATH}\"]\n"));
    assertThat(out).contains("variable HOME is not set").contains("variable PATH is not set")
        .doesNotContain(System.getenv("HOME") + "\"").doesNotContain(System.getenv("PATH"));
  }

  @Test
  void valuesFromTheEnvFileResolveButSecretLookingOnesAreShownByName() throws Exception {
    Files.writeString(project.resolve(".env"), "APP_TOKEN=envfile-secret-123\nHOST_PORT=notaport-456\n");
    Files.writeString(project.resolve("compose.yaml"),
        "services:\n  web:\n    image: nginx\n    ports: [\"${APP_TOKEN}\", \"${HOST_PORT}:80\"]\n");
    String out = findings(Map.of("paths", List.of("compose.yaml")));
    assertThat(out).contains("${APP_TOKEN}").doesNotContain("envfile-secret-123");
    assertThat(out).as("a value that is not secret is still shown").contains("notaport-456");
  }

  @Test
  void everyValueOfAnEnvFileNamedSecretIsShownByName() throws Exception {
    Files.writeString(project.resolve("prod.secrets.env"), "PUBLISHED=from-secret-file-789\n");
    Files.writeString(project.resolve("compose.yaml"), "services:\n  web:\n    image: nginx\n    ports: [\"${PUBLISHED}\"]\n");
    String out = findings(Map.of("paths", List.of("compose.yaml"), "envFile", "prod.secrets.env"));
    assertThat(out).contains("${PUBLISHED}").doesNotContain("from-secret-file-789");
  }
}
