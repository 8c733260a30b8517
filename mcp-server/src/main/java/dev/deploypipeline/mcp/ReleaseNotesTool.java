package dev.deploypipeline.mcp;

import dev.deploypipeline.release.Notes;
import dev.deploypipeline.release.ReleaseException;
import dev.deploypipeline.release.Releases;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code release_notes}: the release notes for the commits between two refs of the project's repository, grouped as
 * Keep a Changelog groups them. Read-only.
 */
public final class ReleaseNotesTool implements McpTool {
  static final String NAME = "release_notes";
  /** A tag, branch or commit: never an option to git (no leading dash), no spaces. */
  static final Pattern REF = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._/+^~-]{0,199}$");
  static final String REF_SCHEMA = "{\"type\":\"string\",\"pattern\":\"^[A-Za-z0-9][A-Za-z0-9._/+^~-]{0,199}$\"";

  private final Releases releases;

  public ReleaseNotesTool(Releases releases) {
    this.releases = releases;
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolSupport.tool(NAME, "Release notes between two tags",
        "Release notes for the commits after `from` up to `to` in the project's git repository, as markdown "
            + "grouped as Keep a Changelog groups them: Added (feat), Changed (perf, refactor, revert, messages that "
            + "are not Conventional Commits), Deprecated, Removed, Fixed (fix), Security; breaking changes are "
            + "marked; housekeeping (chore, ci, test, build, style, docs) is counted but left out. Read-only.",
        "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{"
            + "\"from\":" + REF_SCHEMA + ",\"description\":\"Start after this tag or commit (default: the tag before "
            + "`to`)\"},"
            + "\"to\":" + REF_SCHEMA + ",\"description\":\"End at this tag or commit (default: HEAD)\"}}}",
        ToolSupport.outputSchema("\"from\":{\"type\":\"string\"},\"to\":{\"type\":\"string\"},"
            + "\"groups\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"array\",\"items\":{\"type\":"
            + "\"string\"}}},\"commits\":{\"type\":\"integer\",\"minimum\":0},"
            + "\"housekeeping\":{\"type\":\"integer\",\"minimum\":0},\"markdown\":{\"type\":\"string\"}",
            "to", "groups", "commits", "markdown"),
        ToolSupport.annotations("Release notes between two tags", true, false, true), null);
  }

  @Override
  public McpSchema.CallToolResult call(ToolContext context, Map<String, Object> arguments) {
    return ToolSupport.guarded(() -> {
      Args a = new Args(arguments);
      String from = a.optional("from", REF, "a tag, branch or commit");
      String to = a.optional("to", REF, "a tag, branch or commit");
      try {
        Notes n = releases.notes(from, to);
        return ToolResults.ok(n.toMap(), n.markdown());
      } catch (ReleaseException e) {
        return ToolResults.error(e.getMessage(), e.nextStep());
      }
    });
  }
}
