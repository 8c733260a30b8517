package dev.deploypipeline.mcp;

import dev.deploypipeline.release.NextVersion;
import dev.deploypipeline.release.Prepared;
import dev.deploypipeline.release.ReleaseException;
import dev.deploypipeline.release.Releases;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;

/**
 * {@code release_prepare}: the next version, every version file it changes and the changelog section; a dry run
 * unless {@code dryRun} is false, when it bumps the files and commits them on a new release branch (local only:
 * nothing is pushed or tagged).
 */
public final class ReleasePrepareTool implements McpTool {
  static final String NAME = "release_prepare";

  private final Releases releases;

  public ReleasePrepareTool(Releases releases) {
    this.releases = releases;
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolSupport.tool(NAME, "Prepare a release (dry run by default)",
        "Works out the next version (type major, minor, patch, or auto: from the Conventional Commits since the last "
            + "tag, feat minor, `!` or BREAKING CHANGE major, else patch) and where the project declares its version: "
            + "pom.xml (every module), package.json (workspaces, lock), pyproject.toml, Cargo.toml, "
            + "build.gradle(.kts), gradle.properties, VERSION; and the CHANGELOG.md section from the commits. By "
            + "default a dry run that changes nothing. With dryRun false (the user asked for it) it bumps those "
            + "files keeping their formatting, writes the section and commits on a new branch release/v<version> "
            + "(local: nothing is pushed or tagged; the tag is `deployment-pipeline release create`). Refuses a "
            + "dirty tree, an existing tag or branch.",
        "{\"type\":\"object\",\"additionalProperties\":false,\"required\":[\"type\"],\"properties\":{"
            + "\"type\":{\"type\":\"string\",\"enum\":[\"major\",\"minor\",\"patch\",\"auto\"]},"
            + "\"dryRun\":{\"type\":\"boolean\",\"description\":\"default true: only say what would change\"}}}",
        ToolSupport.outputSchema("\"from\":{\"type\":\"string\"},\"version\":{\"type\":\"string\"},"
            + "\"bump\":{\"type\":\"string\",\"enum\":[\"major\",\"minor\",\"patch\"]},"
            + "\"lastTag\":{\"type\":\"string\"},"
            + "\"commits\":{\"type\":\"integer\",\"minimum\":0},\"sites\":{\"type\":\"array\",\"items\":{\"type\":"
            + "\"object\",\"required\":[\"file\",\"where\",\"version\"],\"properties\":{\"file\":{\"type\":"
            + "\"string\"},\"where\":{\"type\":\"string\"},\"version\":{\"type\":\"string\"}}}},"
            + "\"files\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"branch\":{\"type\":\"string\"},"
            + "\"changelog\":{\"type\":\"string\"},\"dryRun\":{\"type\":\"boolean\"},"
            + "\"refusals\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"commit\":{\"type\":\"string\"}",
            "from", "version", "bump", "files", "branch", "changelog", "dryRun"),
        ToolSupport.annotations("Prepare a release (dry run by default)", false, false, false), null);
  }

  @Override
  public McpSchema.CallToolResult call(ToolContext context, Map<String, Object> arguments) {
    return ToolSupport.guarded(() -> {
      Args a = new Args(arguments);
      String type = a.oneOf("type", NextVersion.TYPES, null);
      boolean dryRun = a.flag("dryRun", true);
      try {
        Prepared p = releases.prepare(type, dryRun);
        return ToolResults.ok(p.toMap(), p.text());
      } catch (ReleaseException e) {
        return ToolResults.error(e.getMessage(), e.nextStep());
      }
    });
  }
}
