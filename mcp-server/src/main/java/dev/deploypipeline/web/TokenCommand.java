package dev.deploypipeline.web;

import dev.deploypipeline.app.App;
import dev.deploypipeline.config.ConfigLoader;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.store.AuditRecord;
import dev.deploypipeline.workflow.Sleeper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code token issue|list|revoke}: the per-user bearer tokens of {@code serve --http} (see {@link UserTokens}). */
@Command(name = "token", mixinStandardHelpOptions = true, version = App.VERSION,
    description = {"Per-user bearer tokens for `serve --http` (MCP at /mcp and the REST API). Each request with a "
        + "user's token acts as that user: the name is the actor on every audit line it causes. The tokens file "
        + "holds each token's SHA-256, never the token; a running server sees issues and revocations at once. In a "
        + "project, each issue and revocation is an audit line (TOKEN_ISSUED, TOKEN_REVOKED) naming who ran it."},
    subcommands = {TokenCommand.Issue.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
public final class TokenCommand implements Callable<Integer> {
  @Option(names = "--project", paramLabel = "DIR", scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "The project (default: $DEPLOY_PROJECT_DIR, then $CLAUDE_PROJECT_DIR, then the current "
          + "directory).")
  Path project;

  @Option(names = "--tokens-file", paramLabel = "FILE", scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "The tokens file (default: PROJECT/" + UserTokens.DEFAULT_FILE + "); pass the same to `serve "
          + "--http --tokens-file`.")
  Path tokensFile;

  @Override
  public Integer call() {
    System.err.println("deployment-pipeline token: name a subcommand: issue --user NAME, list, or revoke --user NAME");
    return 2;
  }

  Path projectDir() {
    return project != null ? project.toAbsolutePath().normalize() : App.projectDir(System.getenv());
  }

  UserTokens tokens() {
    return new UserTokens(tokensFile != null ? tokensFile : projectDir().resolve(UserTokens.DEFAULT_FILE),
        Clock.systemUTC());
  }

  /**
   * Records who issued or revoked whose token on the project's audit trail (never the token). Outside a project
   * (no pipeline config) there is no trail to write, and a failed write leaves the tokens file as it is: the file
   * decides who gets in, the audit line only says who changed it.
   */
  void audit(String event, String user) {
    Path dir = projectDir();
    if (ConfigLoader.FILE_NAMES.stream().noneMatch(n -> Files.exists(dir.resolve(".claude").resolve(n)))) {
      System.err.println("Not audited: " + dir + " has no .claude/deployment-config.json (pass --project DIR).");
      return;
    }
    DeploymentService s = App.service(dir, System.getenv(), Clock.systemUTC(), Sleeper.REAL, List.of());
    try {
      s.store().write(w -> w.audit(new AuditRecord(s.clock().instant(), null, s.actor(), event, null, null, null,
          Map.of("user", user, "channel", "cli"))));
    } catch (RuntimeException e) {
      System.err.println("Not audited: " + e.getMessage());
    } finally {
      s.shutdown();
    }
  }

  static int fail(String what, RuntimeException e) {
    System.err.println("deployment-pipeline token " + what + ": " + e.getMessage());
    return e instanceof IllegalArgumentException ? 2 : 1;
  }

  @Command(name = "issue", mixinStandardHelpOptions = true,
      description = "Make a token for a user and print it once on stdout (nothing else is printed there); it is "
          + "not stored, so hand it to the user now. One active token per user.")
  static final class Issue implements Callable<Integer> {
    @ParentCommand TokenCommand parent;
    @Option(names = "--user", required = true, paramLabel = "NAME", description = "Who holds it (e.g. alice or "
        + "alice@example.com): the actor on their audit lines.") String user;

    @Override
    public Integer call() {
      UserTokens t = parent.tokens();
      try {
        String token = t.issue(user);
        parent.audit("TOKEN_ISSUED", user);
        System.out.println(token);
        System.err.println("Issued a token for " + user + " in " + t.file() + " (shown once). Connect Claude Code: "
            + "claude mcp add --transport http deploy http://HOST:PORT/mcp --header \"Authorization: Bearer "
            + "<token>\"");
        return 0;
      } catch (IllegalArgumentException | IllegalStateException e) {
        return fail("issue", e);
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List who holds a token: user, issued, revoked (never the token or its hash).")
  static final class ListTokens implements Callable<Integer> {
    @ParentCommand TokenCommand parent;

    @Override
    public Integer call() {
      UserTokens t = parent.tokens();
      List<UserTokens.Entry> entries;
      try {
        entries = t.list();
      } catch (IllegalStateException e) {
        return fail("list", e);
      }
      if (entries.isEmpty()) {
        System.out.println("No tokens in " + t.file() + "; issue one with `deployment-pipeline token issue --user "
            + "NAME`.");
        return 0;
      }
      System.out.printf("%-32s %-8s %-22s %s%n", "USER", "STATE", "ISSUED", "REVOKED");
      for (UserTokens.Entry e : entries) {
        System.out.printf("%-32s %-8s %-22s %s%n", e.user(), e.active() ? "active" : "revoked", e.created(),
            e.revoked() == null ? "-" : e.revoked());
      }
      return 0;
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revoke a user's token; a running server refuses it from its next request on.")
  static final class Revoke implements Callable<Integer> {
    @ParentCommand TokenCommand parent;
    @Option(names = "--user", required = true, paramLabel = "NAME", description = "Whose token.") String user;

    @Override
    public Integer call() {
      UserTokens t = parent.tokens();
      try {
        t.revoke(user);
        parent.audit("TOKEN_REVOKED", user);
        System.err.println("Revoked the token of " + user + " in " + t.file() + ".");
        return 0;
      } catch (IllegalArgumentException | IllegalStateException e) {
        return fail("revoke", e);
      }
    }
  }
}
