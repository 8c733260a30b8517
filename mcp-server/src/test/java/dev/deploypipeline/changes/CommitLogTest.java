package dev.deploypipeline.changes;

import static dev.deploypipeline.testutil.TestProjects.git;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.testutil.TestProjects;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real git repository. */
class CommitLogTest {
  @Test
  void readsTheRangeNewestFirstWithAuthorsAndConventionalTypes(@TempDir Path dir) throws Exception {
    TestProjects.gitProject(dir, "{}");
    git(dir, "tag", "v1.0.0");
    TestProjects.commit(dir, "feat(api): add orders\n\nBREAKING CHANGE: the v1 route is gone");
    TestProjects.commit(dir, "fix: a subject with | pipes, tabs\tand \"quotes\"");
    git(dir, "-c", "user.email=ann@example.com", "-c", "user.name=Ann Lee", "commit", "-q", "--allow-empty", "-m",
        "Update the README");
    String head = TestProjects.head(dir);

    List<Commit> commits = CommitLog.between(dir, "v1.0.0", "HEAD");

    assertThat(commits).extracting(Commit::subject).containsExactly("Update the README",
        "fix: a subject with | pipes, tabs\tand \"quotes\"", "feat(api): add orders");
    assertThat(commits.get(0).sha()).isEqualTo(head);
    assertThat(commits.get(0).author()).isEqualTo("Ann Lee");
    assertThat(commits.get(0).email()).isEqualTo("ann@example.com");
    assertThat(commits.get(0).conventional().conventional()).isFalse();
    assertThat(commits.get(2).conventional().breaking()).isTrue();
    assertThat(commits.get(2).body()).isEqualTo("BREAKING CHANGE: the v1 route is gone");
    assertThat(CommitLog.between(dir, null, "HEAD")).hasSize(4);
    assertThat(CommitLog.lastTag(dir, "HEAD")).isEqualTo("v1.0.0");
  }

  @Test
  void anUnknownRefIsAnErrorThatNamesTheRepository(@TempDir Path dir) throws Exception {
    TestProjects.gitProject(dir, "{}");
    assertThatThrownBy(() -> CommitLog.between(dir, "v9.9.9", "HEAD")).isInstanceOf(IOException.class)
        .hasMessageContaining("git log failed in " + dir).hasMessageContaining("v9.9.9");
    assertThat(CommitLog.lastTag(dir, "HEAD")).isNull();
  }
}
