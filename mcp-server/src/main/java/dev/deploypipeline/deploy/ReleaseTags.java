package dev.deploypipeline.deploy;

import static dev.deploypipeline.deploy.DeployException.Kind.BAD_INPUT;
import static dev.deploypipeline.deploy.DeployException.Kind.GIT;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The annotated tag {@code v<version>} a release is published from, and the GitHub repository of the project. */
final class ReleaseTags {
  static final Pattern VERSION = Pattern.compile("[0-9]+\\.[0-9]+\\.[0-9]+(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?");
  private static final Pattern REMOTE = Pattern.compile("[:/]([A-Za-z0-9-]{1,39})/([A-Za-z0-9._-]{1,100}?)(?:\\.git)?/?$");

  /** The tag's commit and message (the release notes that {@code release create} wrote). */
  record Tag(String name, String commit, String message) {}

  private ReleaseTags() {}

  /** {@code 1.4.2} (or {@code v1.4.2}) as a semantic version without the {@code v}; a clear error otherwise. */
  static String version(String input) {
    String v = input == null ? "" : input.strip();
    if (v.startsWith("v")) v = v.substring(1);
    if (!VERSION.matcher(v).matches()) {
      throw new DeployException(BAD_INPUT, "--version '" + input + "' is not a semantic version such as 1.4.2 or "
          + "2.0.0-rc.1", "give the version that release create tagged (its tag is v<version>)");
    }
    return v;
  }

  static Tag annotated(Path project, String version) {
    String name = "v" + version;
    if (!Git.isRepository(project)) {
      throw new DeployException(GIT, project + " is not a git repository", "publish from the project's clone");
    }
    String type = Git.run(project, "cat-file", "-t", "refs/tags/" + name);
    if (type == null) {
      throw new DeployException(BAD_INPUT, "there is no tag " + name + " in " + project, "create it first: "
          + "release create --version " + version + " makes the annotated tag with the release notes");
    }
    if (!type.equals("tag")) {
      throw new DeployException(BAD_INPUT, name + " is a lightweight tag: it has no message to use as the release "
          + "notes", "replace it with an annotated tag (release create --version " + version + " after deleting it, "
          + "or git tag -a " + name + ")");
    }
    String commit = Git.resolveCommit(project, "refs/tags/" + name);
    String contents = Git.run(project, "for-each-ref", "--format=%(contents)", "refs/tags/" + name);
    String message = contents == null ? "" : contents;
    int sig = message.indexOf("-----BEGIN ");
    if (sig >= 0 && message.substring(sig).matches("(?s)-----BEGIN (PGP|SSH) SIGNATURE-----.*")) {
      message = message.substring(0, sig);
    }
    return new Tag(name, commit, message.strip());
  }

  /** {@code owner/name} of the {@code origin} remote, or null when there is none that looks like one. */
  static String originRepository(Path project) {
    String url = Git.run(project, "remote", "get-url", "origin");
    if (url == null) return null;
    Matcher m = REMOTE.matcher(url.strip());
    return m.find() ? m.group(1) + "/" + m.group(2) : null;
  }
}
