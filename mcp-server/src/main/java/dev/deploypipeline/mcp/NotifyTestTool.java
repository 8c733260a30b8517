package dev.deploypipeline.mcp;

import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.deploy.NotifyTests;
import dev.deploypipeline.notify.DeliveryResult;
import dev.deploypipeline.store.AuditRecord;
import dev.deploypipeline.workflow.Sleeper;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** {@code notify_test}: the CLI's {@code notify test} as a tool, so a setup can be checked from Claude Code. */
public final class NotifyTestTool implements McpTool {
  public static final String NAME = "notify_test";

  private final NotifyTests tests;
  private final Supplier<String> actor;

  /** {@code config} loads the project's config without channel checks, so one channel can be tested alone. */
  public NotifyTestTool(Supplier<PipelineConfig> config, Map<String, String> env, Sleeper sleeper, Clock clock,
      Consumer<AuditRecord> audit) {
    this(new NotifyTests(config, env, sleeper, clock, audit), () -> "mcp");
  }

  public NotifyTestTool(NotifyTests tests, Supplier<String> actor) {
    this.tests = tests;
    this.actor = actor;
  }

  @Override
  public McpSchema.Tool definition() {
    Map<String, Object> channel = new LinkedHashMap<>();
    channel.put("type", "string");
    channel.put("enum", NotifyTests.CHANNELS);
    channel.put("description", "The channel to test, as configured under notifications (slack, teams, email) or jira in the project's config.");
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("type", "object");
    input.put("properties", Map.of("channel", channel));
    input.put("required", List.of("channel"));
    input.put("additionalProperties", false);

    Map<String, Object> props = new LinkedHashMap<>();
    props.put("channel", Map.of("type", "string", "enum", NotifyTests.CHANNELS));
    props.put("delivered", Map.of("type", "boolean", "description", "Whether the channel accepted the message."));
    props.put("status", Map.of("type", "string",
        "description", "'sent', or the last attempt's failure: http-<code>, timeout, connect-failed, smtp-<code>, …"));
    props.put("attempts", Map.of("type", "integer", "minimum", 0));
    props.put("error", Map.of("type", "string", "description", "Why it was not delivered (secrets removed)."));
    props.put("nextStep", Map.of("type", "string"));
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("type", "object");
    output.put("properties", props);
    output.put("required", List.of("channel", "delivered", "status", "attempts"));

    return McpSchema.Tool.builder()
        .name(NAME)
        .title("Send a test notification")
        .description("Sends one test message to a notification channel (slack, teams or email) with the project's "
            + "notifications config and the server's environment, retrying 429/5xx like real notifications; for jira "
            + "it checks that Jira accepts the credentials (no issue is touched). Returns "
            + "whether it was delivered, the status, the number of attempts and, on failure, the reason. Use it after "
            + "setting SLACK_WEBHOOK_URL, TEAMS_WEBHOOK_URL, the SMTP settings or JIRA_API_TOKEN.")
        .inputSchema(input)
        .outputSchema(output)
        .annotations(new McpSchema.ToolAnnotations("Send a test notification", false, false, false, true, null))
        .build();
  }

  @Override
  public McpSchema.CallToolResult call(ToolContext context, Map<String, Object> arguments) {
    Object ch = arguments == null ? null : arguments.get("channel");
    if (!(ch instanceof String channel) || !NotifyTests.CHANNELS.contains(channel)) {
      return ToolResults.error("channel: must be one of slack, teams, email, jira", "call notify_test with {\"channel\": \"slack\"}");
    }
    NotifyTests.Outcome o = tests.test(channel, context.actor(actor), "mcp");
    if (o.result() == null) {
      return ToolResults.error(String.join("; ", o.errors()), o.configError()
          ? "fix .claude/deployment-config.json and call notify_test again"
          : "set the variable or fix the config as the message says, then call notify_test again");
    }
    DeliveryResult r = o.result();
    Map<String, Object> out = new LinkedHashMap<>(r.toMap());
    String text;
    if (r.delivered()) {
      text = channel + ": delivered in " + r.attempts() + " attempt(s)";
    } else {
      out.put("nextStep", "check the " + channel + " settings" + (channel.equals("jira") ? " (the jira section)"
          : " under notifications") + " and the environment variables they name, then call notify_test again");
      text = channel + ": not delivered after " + r.attempts() + " attempt(s) (" + r.status() + "): " + r.error();
    }
    return ToolResults.ok(out, text);
  }
}
