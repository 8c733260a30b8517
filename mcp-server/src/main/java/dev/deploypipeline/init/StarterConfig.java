package dev.deploypipeline.init;

import dev.deploypipeline.config.PipelineConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.json.JsonMapper;

/**
 * The starter {@code .claude/deployment-config.json} for a scanned project: stage commands from its first build
 * tool, a container image build after it when there is a Dockerfile, and {@code docker compose} per environment
 * when there is a Compose file. What the project does not tell (how to deploy without Compose, a tool-less
 * stage) becomes a step that fails with a TODO naming the key to edit: a starter must never report a deployment
 * that did not happen. Prod waits for a human approval.
 */
public final class StarterConfig {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter(
      Separators.createDefaultInstance().withObjectNameValueSpacing(Separators.Spacing.AFTER));

  private StarterConfig() {}

  public static Map<String, Object> tree(String service, ProjectScan scan) {
    BuildTool tool = scan.tools().isEmpty() ? new BuildTool("none", null, null, null, null) : scan.tools().get(0);
    if (scan.dockerfile() != null) tool = tool.thenBuild("docker build -t " + service + ":\"$VERSION\" .");
    Map<String, Object> stages = new LinkedHashMap<>();
    stages.put("validate", step(tool.validate(), "stages.validate.command", 300, true));
    stages.put("build", step(tool.build(), "stages.build.command", 1800, true));
    stages.put("test", step(tool.test(), "stages.test.command", 1800, true));
    Map<String, Object> environments = new LinkedHashMap<>();
    for (String env : PipelineConfig.ENVIRONMENTS) {
      Map<String, Object> e = new LinkedHashMap<>();
      // $ENVIRONMENT (no braces) is the executor's variable, not a config interpolation.
      String deploy = scan.composeFile() == null ? null
          : "docker compose -f " + scan.composeFile() + " -p " + service + "-$ENVIRONMENT up -d --build --wait";
      e.put("deploy", step(deploy, "environments." + env + ".deploy.command", 600, deploy != null));
      if (env.equals("prod")) e.put("requiresApproval", true);
      environments.put(env, e);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("service", service);
    root.put("executor", "local");
    root.put("stages", stages);
    root.put("environments", environments);
    root.put("retry", Map.of("maxAttempts", 3));
    return root;
  }

  public static String text(Map<String, Object> tree) {
    return JSON.writer().with(PRETTY).writeValueAsString(tree) + "\n";
  }

  /** The command as given, or one that fails naming the key to edit. */
  private static Map<String, Object> step(String command, String key, int timeoutSeconds, boolean idempotent) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("command", command != null ? command : todo(key));
    s.put("timeoutSeconds", timeoutSeconds);
    s.put("idempotent", idempotent);
    return s;
  }

  static String todo(String key) {
    return "echo 'TODO: set " + key + " in .claude/deployment-config.json' >&2; exit 1";
  }

  /** True if the command is one of the starter's TODO steps. */
  public static boolean isTodo(Object command) {
    return command instanceof String s && s.startsWith("echo 'TODO: set ");
  }
}
