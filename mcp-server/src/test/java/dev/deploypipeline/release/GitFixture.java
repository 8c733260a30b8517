package dev.deploypipeline.release;

import dev.deploypipeline.mcp.TestProject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real git repository in a temp directory, driven with the real {@code git}, for release tests. */
public record GitFixture(Path dir) {
  public static GitFixture init(Path dir) throws Exception {
    GitFixture g = new GitFixture(dir);
    g.git("init", "-q", "-b", "main");
    g.git("config", "user.name", "Rel Tester");
    g.git("config", "user.email", "rel@example.test");
    g.git("config", "tag.gpgSign", "false");
    g.git("config", "commit.gpgSign", "false");
    return g;
  }

  public String git(String... args) throws Exception {
    return TestProject.git(dir, args);
  }

  public void write(String file, String text) throws IOException {
    Path f = dir.resolve(file);
    if (f.getParent() != null) Files.createDirectories(f.getParent());
    Files.writeString(f, text, StandardCharsets.UTF_8);
  }

  public String read(String file) throws IOException {
    return Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
  }

  /** A commit touching {@code file} with {@code message} (subject, blank line, body). */
  public void commit(String file, String message) throws Exception {
    write(file, (Files.exists(dir.resolve(file)) ? read(file) : "") + message.lines().findFirst().orElse("") + "\n");
    git("add", "-A");
    git("commit", "-q", "-m", message);
  }

  /** The golden reactor and npm workspace at 1.4.2, tagged v1.4.2, then a feature and a fix. */
  public static GitFixture sample(Path dir) throws Exception {
    GitFixture g = init(dir);
    GoldenBumpTest.copy(GoldenBumpTest.GOLDEN.resolve("before"), dir);
    g.git("add", "-A");
    g.git("commit", "-q", "-m", "chore(release): v1.4.2");
    g.git("tag", "-a", "v1.4.2", "-m", "v1.4.2");
    g.commit("src/a.txt", "feat(api): paging for orders");
    g.commit("src/b.txt", "fix: refund rounds to cents");
    return g;
  }
}
