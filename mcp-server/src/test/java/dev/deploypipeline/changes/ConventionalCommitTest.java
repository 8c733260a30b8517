package dev.deploypipeline.changes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.changes.ConventionalCommit.Bump;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConventionalCommitTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      feat: add a login page              | -                        | feat  | -    | false | add a login page       | MINOR
      fix(api): handle empty bodies       | -                        | fix   | api  | false | handle empty bodies    | PATCH
      feat(ui)!: drop the old theme       | -                        | feat  | ui   | true  | drop the old theme     | MAJOR
      refactor!: rename the store         | -                        | refactor | - | true  | rename the store       | MAJOR
      chore: bump deps                    | BREAKING CHANGE: Java 21 | chore | -    | true  | bump deps              | MAJOR
      docs: explain it                    | BREAKING-CHANGE: x       | docs  | -    | true  | explain it             | MAJOR
      Feat: Capitalised type              | -                        | feat  | -    | false | Capitalised type       | MINOR
      Update README                       | -                        | -     | -    | false | Update README          | PATCH
      Merge branch 'x' into main          | -                        | -     | -    | false | Merge branch 'x' into main | PATCH
      fix(): empty scope                  | -                        | fix   | -    | false | empty scope            | PATCH
      fix: body mentions BREAKING CHANGE: only at a line start | see BREAKING CHANGE: not a footer | fix | - | false | body mentions BREAKING CHANGE: only at a line start | PATCH
      """)
  void readsTheSubjectAndTheBreakingFooter(String subject, String body, String type, String scope, boolean breaking,
      String description, Bump bump) {
    ConventionalCommit c = ConventionalCommit.parse(subject, body);
    assertThat(c.type()).isEqualTo(type);
    assertThat(c.scope()).isEqualTo(scope);
    assertThat(c.breaking()).isEqualTo(breaking);
    assertThat(c.description()).isEqualTo(description);
    assertThat(c.bump()).isEqualTo(bump);
    assertThat(c.conventional()).isEqualTo(type != null);
  }
}
