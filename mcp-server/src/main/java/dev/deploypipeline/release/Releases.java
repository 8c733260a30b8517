package dev.deploypipeline.release;

import dev.deploypipeline.changes.Changelog;
import dev.deploypipeline.changes.Commit;
import dev.deploypipeline.changes.CommitLog;
import dev.deploypipeline.changes.ConventionalCommit.Bump;
import dev.deploypipeline.changes.SemVer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Release management on the project's git repository: prepare (bump every version file, changelog section, release
 * branch and commit), notes between two refs, and create (the annotated tag whose message is the notes). Each
 * checks everything before it changes anything; a refusal leaves the repository as it was.
 */
public final class Releases {
  private final Path project;
  private final Clock clock;
  private final GitRepo git;

  public Releases(Path project, Clock clock) {
    this.project = project.toAbsolutePath().normalize();
    this.clock = clock;
    this.git = new GitRepo(this.project);
  }

  /** Bumps by {@code type} (major, minor, patch or auto); with {@code dryRun} only says what it would do. */
  public Prepared prepare(String type, boolean dryRun) {
    List<VersionSite> sites = VersionFiles.find(project);
    String declared = VersionFiles.agreed(sites);
    String lastTag = git.lastTag("HEAD");
    String base = declared != null ? declared : lastTag;
    if (base == null) {
      throw new ReleaseException("no version to bump: none of " + VersionFiles.KNOWN + " declares one and there is "
          + "no tag", "write the current version into one of them (e.g. a VERSION file with 0.1.0) and commit it");
    }
    SemVer current = SemVer.parse(base).orElseThrow(() -> new ReleaseException("the current version '" + base
        + "' is not a semantic version (MAJOR.MINOR.PATCH)", "set a semantic version in the project's files"));
    requireReleased(current, lastTag);
    List<Commit> commits = commits(lastTag, "HEAD");
    Bump bump = NextVersion.bump(type, commits, lastTag);
    String next = NextVersion.next(current, bump).toString();
    String tag = "v" + next;
    String branch = "release/" + tag;
    List<String> refusals = new ArrayList<>();
    if (git.exists("refs/tags/" + tag)) refusals.add("the tag " + tag + " exists");
    if (git.exists("refs/heads/" + branch)) refusals.add("the branch " + branch + " exists");
    if (!dryRun && !refusals.isEmpty()) {
      throw new ReleaseException("cannot prepare " + next + ": " + String.join("; ", refusals), "release another "
          + "version (--type), or delete the branch if it is a failed attempt (git branch -D " + branch + ")");
    }
    if (!dryRun) {
      git.requireClean("release prepare");
      git.requireIdentity();
    }
    ReleaseNotes notes = ReleaseNotes.of(commits);
    String date = LocalDate.now(clock).toString();
    Map<String, String> texts = new java.util.LinkedHashMap<>(VersionFiles.bumped(project, sites, next));
    Path changelog = project.resolve(ChangelogWriter.FILE);
    String old = Files.isRegularFile(changelog) ? VersionFiles.read(changelog, ChangelogWriter.FILE) : null;
    texts.put(ChangelogWriter.FILE, ChangelogWriter.insert(old, next, date, notes));
    String commit = null;
    if (!dryRun) {
      git.run("check the branch name", "checkout", "-q", "-b", branch);
      VersionFiles.write(project, texts);
      List<String> add = new ArrayList<>(List.of("add", "--"));
      add.addAll(texts.keySet());
      git.run("add the files by hand and commit", add.toArray(String[]::new));
      git.run("set user.name and user.email (git config), then commit the staged release on " + branch,
          "commit", "-q", "-m", "chore(release): " + tag, "-m", "Bumps " + base + " to " + next + " (" + bump.name()
              .toLowerCase(java.util.Locale.ROOT) + ") and adds its CHANGELOG.md section.");
      commit = git.run("run git log", "rev-parse", "HEAD");
    }
    return new Prepared(base, next, bump, lastTag, commits.size(), sites, List.copyOf(texts.keySet()), branch,
        ChangelogWriter.section(next, date, sectionGroups(texts.get(ChangelogWriter.FILE), next, notes)), refusals,
        dryRun, commit);
  }

  /** Notes for the commits in {@code (from, to]}; {@code from} null: since the tag before {@code to}. */
  public Notes notes(String from, String to) {
    String end = to == null ? "HEAD" : to;
    requireRef("to", end, "leave it out for HEAD");
    if (from != null) requireRef("from", from, "leave it out for the tag before `to`");
    String start = from != null ? from : git.exists(end + "^") ? git.lastTag(end + "^") : null;
    ReleaseNotes notes = ReleaseNotes.of(commits(start, end));
    String date = git.run("run git log", "log", "-1", "--format=%cs", end);
    String heading = ("HEAD".equals(end) ? "Unreleased" : end) + " - " + date;
    return new Notes(start, end, notes, notes.markdown(heading));
  }

  /** The annotated tag {@code v<version>} on HEAD, its message the notes since the previous tag. */
  public Created create(String version) {
    SemVer v = SemVer.parse(version).orElseThrow(() -> new ReleaseException("--version: '" + version + "' is not a "
        + "semantic version (MAJOR.MINOR.PATCH)", "pass the version release prepare made, e.g. --version 1.4.0"));
    String tag = "v" + v;
    if (git.exists("refs/tags/" + tag)) {
      throw new ReleaseException("the tag " + tag + " exists (" + git.run("run git show " + tag, "rev-parse",
          "--short", tag + "^{commit}") + ")", "release a new version with release prepare; a published tag "
          + "is never moved");
    }
    git.requireClean("release create");
    git.requireIdentity();
    String declared = VersionFiles.agreed(VersionFiles.find(project));
    if (declared != null && !declared.equals(v.toString())) {
      throw new ReleaseException("the project's files declare " + declared + ", not " + v, "run release prepare "
          + "first (it bumps the files), or pass --version " + declared);
    }
    String previous = git.lastTag("HEAD");
    ReleaseNotes notes = ReleaseNotes.of(commits(previous, "HEAD"));
    String message = notes.markdown(tag + " - " + LocalDate.now(clock));
    try {
      Path file = Files.createTempFile("release-notes-", ".md");
      try {
        Files.writeString(file, message, StandardCharsets.UTF_8);
        // verbatim: the default cleanup would drop the "## " and "### " lines as comments.
        git.run("check that you may create tags here", "tag", "-a", tag, "--cleanup=verbatim", "-F", file.toString());
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new ReleaseException("cannot write the tag message: " + e.getMessage(), "check the temp directory");
    }
    return new Created(v.toString(), tag, git.run("run git log", "rev-parse", "HEAD"), previous, notes, message);
  }

  /**
   * The files declaring a release newer than the last tag means it was prepared (or set by hand) and not tagged:
   * bumping again would skip it. A pre-release (1.3.0-SNAPSHOT) is the usual state between releases, and with no tag
   * at all there is nothing to compare.
   */
  private static void requireReleased(SemVer declared, String lastTag) {
    SemVer tagged = lastTag == null ? null : SemVer.parse(lastTag).orElse(null);
    if (tagged != null && declared.preRelease() == null && declared.compareTo(tagged) > 0) {
      throw new ReleaseException("the project's files declare " + declared + ", newer than the last tag " + lastTag
          + ": " + declared + " is prepared but not tagged", "tag it with release create --version " + declared
          + " (on its release branch), or reset the files to " + tagged + " to prepare another version");
    }
  }

  private void requireRef(String name, String ref, String otherwise) {
    // A leading dash would be read by git as an option.
    if (ref.startsWith("-") || !git.exists(ref + "^{commit}")) {
      throw new ReleaseException(name + ": '" + ref + "' is not a tag, branch or commit here", "list the tags with "
          + "git tag, or " + otherwise);
    }
  }

  private List<Commit> commits(String from, String to) {
    try {
      // No commit yet: nothing to list (git log fails on an unborn HEAD).
      if (!git.exists(to + "^{commit}")) return List.of();
      return CommitLog.between(project, from, to);
    } catch (IOException e) {
      throw new ReleaseException(e.getMessage(), "check the refs with git log");
    }
  }

  /** The groups the written section holds (hand-written Unreleased entries included), read back from the text. */
  private static Map<String, List<String>> sectionGroups(String written, String next, ReleaseNotes notes) {
    return Changelog.parse(written).sections().stream().filter(s -> next.equals(s.version())).findFirst()
        .map(Changelog.Section::groups).orElse(notes.groups());
  }
}
