package dev.deploypipeline.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A multi-module Maven reactor (a third-party parent, a CRLF and tab module, a version split over lines, comments,
 * dependencies with the same version text) and an npm workspace with its lock, bumped 1.4.2 → 1.5.0: every file
 * must equal its golden copy in {@code src/test/resources/release/golden/after} byte for byte.
 */
public class GoldenBumpTest {
  public static final Path GOLDEN = Path.of("src", "test", "resources", "release", "golden");

  @TempDir Path dir;

  @Test
  void everyFileMatchesItsGoldenCopyByteForByte() throws IOException {
    copy(GOLDEN.resolve("before"), dir);
    List<VersionSite> sites = VersionFiles.find(dir);
    assertThat(sites).extracting(s -> s.file() + " " + s.where()).containsExactly(
        "pom.xml project/version",
        "core/pom.xml project/parent/version",
        "web/pom.xml project/version",
        "web/pom.xml project/parent/version",
        "package.json version",
        "packages/api/package.json version",
        "packages/ui/package.json version",
        "package-lock.json version",
        "package-lock.json packages[\"\"].version");
    assertThat(VersionFiles.agreed(sites)).isEqualTo("1.4.2");

    VersionFiles.write(dir, VersionFiles.bumped(dir, sites, "1.5.0"));

    for (Path expected : files(GOLDEN.resolve("after"))) {
      Path rel = GOLDEN.resolve("after").relativize(expected);
      assertThat(Files.readAllBytes(dir.resolve(rel))).as(rel.toString()).isEqualTo(Files.readAllBytes(expected));
    }
    assertThat(files(dir)).hasSameSizeAs(files(GOLDEN.resolve("after")));
    // Read again, the bumped files agree on the new version at the same places.
    assertThat(VersionFiles.find(dir)).extracting(VersionSite::version).containsOnly("1.5.0").hasSize(sites.size());
  }

  public static List<Path> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(".gitattributes"))
          .sorted().toList();
    }
  }

  public static void copy(Path from, Path to) throws IOException {
    for (Path f : files(from)) {
      Path target = to.resolve(from.relativize(f).toString());
      Files.createDirectories(target.getParent());
      Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
