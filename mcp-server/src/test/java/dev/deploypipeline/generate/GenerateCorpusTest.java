package dev.deploypipeline.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.config.ConfigLoader;
import dev.deploypipeline.testutil.RealValidators;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.hosting.HostedService;
import dev.deploypipeline.init.Setup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * setup then generate on every production file of ../shared/compose-corpus (beside the repository, as for
 * ComposeCorpusTest: skipped without it unless DP_REQUIRE_CORPUS=1; DP_COMPOSE_CORPUS points elsewhere). Each file
 * becomes a project's compose.yaml; setup derives the hosting section, and every file generate renders from it
 * must pass docker-compose config, compose_validate, caddy validate and systemd-analyze verify. The projects' own
 * env files are not in the corpus: the ones a service names are created empty, and {@code .env} sets each
 * variable the hosting section uses without a default, as each project's README asks its users to.
 * The domain rotates so that loopback, private and public sites are all checked.
 */
class GenerateCorpusTest {
  private static final Path CORPUS = System.getenv("DP_COMPOSE_CORPUS") != null
      ? Path.of(System.getenv("DP_COMPOSE_CORPUS")) : Path.of("..", "..", "shared", "compose-corpus");
  private static final Pattern REQUIRED_VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
  private static final List<String> DOMAINS = List.of("corpus.localhost", "corpus.test", "example.com");

  @TempDir Path root;

  @Test
  void everyProductionFileGivesFilesTheRealToolsAccept() throws IOException {
    String where = "compose corpus not found at " + CORPUS.toAbsolutePath().normalize();
    if ("1".equals(System.getenv("DP_REQUIRE_CORPUS"))) {
      assertThat(CORPUS.resolve("index.csv")).as(where + " (DP_REQUIRE_CORPUS=1: required)").isRegularFile();
    }
    Assumptions.assumeTrue(Files.isRegularFile(CORPUS.resolve("index.csv")), where + "; skipping the generate corpus test");
    RealValidators.require();
    List<String> production = production();
    assertThat(production).hasSize(43);
    // One file per core at a time: each costs a few validator processes, mostly docker-compose's start-up.
    List<Outcome> outcomes = IntStream.range(0, production.size()).parallel()
        .mapToObj(i -> generate(i, production.get(i))).toList();
    List<String> failures = outcomes.stream().flatMap(o -> o.failures().stream()).toList();
    int sites = outcomes.stream().mapToInt(Outcome::sites).sum();
    assertThat(failures).as("generated files the real tools rejected").isEmpty();
    assertThat(sites).as("sites across the production group (services publishing an HTTP port)").isGreaterThan(10);
  }

  private record Outcome(List<String> failures, int sites) {}

  private Outcome generate(int i, String file) {
    try {
      Path dir = Files.createDirectories(root.resolve("p" + i));
      Files.copy(CORPUS.resolve(file), dir.resolve("compose.yaml"));
      new Setup(Map.<String, String>of()::get).run(dir,
          new Setup.Options("corpus", DOMAINS.get(i % DOMAINS.size()), Setup.Format.JSON, false, false));
      PipelineConfig config = new ConfigLoader(Map.<String, String>of()).load(dir);
      assertThat(config.hosting()).as(file + ": setup found no services").isNotNull();
      int sites = 0;
      for (HostedService s : config.hosting().serviceMap().values()) {
        if (s.envFile() != null && !Files.exists(dir.resolve(s.envFile()))) {
          Files.createDirectories(dir.resolve(s.envFile()).getParent());
          Files.writeString(dir.resolve(s.envFile()), "");
        }
        if (config.hosting().siteAddress(s) != null) sites++;
      }
      Matcher m = REQUIRED_VAR.matcher(Files.readString(dir.resolve(".claude/deployment-config.json")));
      StringBuilder env = new StringBuilder();
      while (m.find()) env.append(m.group(1)).append("=set-by-the-user\n");
      Files.writeString(dir.resolve(".env"), env.toString());
      Generator.Result r = new Generator(System.getenv()).run(dir, config,
          new Generator.Options(false, true, Set.of()));
      assertThat(r.checks()).as(file).anyMatch(c -> c.endsWith("docker-compose config"))
          .anyMatch(c -> c.endsWith("systemd-analyze verify"));
      return new Outcome(r.problems().stream().map(p -> file + " -> " + p.render()).toList(), sites);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> production() throws IOException {
    List<String> lines = Files.readAllLines(CORPUS.resolve("index.csv"));
    List<String> header = List.of(lines.get(0).strip().split(","));
    int fileCol = header.indexOf("corpus_file");
    int groupCol = header.indexOf("group");
    List<String> out = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cols = line.strip().split(",");
      if (cols.length > groupCol && cols[groupCol].equals("production")) out.add(cols[fileCol]);
    }
    return out;
  }
}
