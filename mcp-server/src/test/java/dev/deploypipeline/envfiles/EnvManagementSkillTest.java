package dev.deploypipeline.envfiles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.secrets.SecretDetector;
import dev.deploypipeline.secrets.SecretNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The env-management skill's tables and numbers are the code's: a rule added or changed fails here until the skill says so. */
class EnvManagementSkillTest {
  private static final Path SKILL = Path.of("..", "plugin", "skills", "env-management", "SKILL.md");

  @Test
  void tokenFormatTableIsExactlyTheDetectorsFormats() throws Exception {
    String doc = Files.readString(SKILL);
    assertThat(doc).startsWith("---\nname: env-management\ndescription: ");
    String table = doc.substring(doc.indexOf("| Format |"), doc.indexOf("2. **A secret-looking name**"));
    List<String> rows = table.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| Format"))
        .map(l -> l.substring(2, l.length() - 2).strip()).toList();
    assertThat(rows).containsExactlyElementsOf(SecretDetector.FORMATS.stream().map(SecretDetector.TokenFormat::kind)
        .toList());
  }

  @Test
  void bindingTableIsExactlyTheListingsBindingsAndTheBindingLineIsTheCodes() throws Exception {
    String doc = Files.readString(SKILL);
    String table = doc.substring(doc.indexOf("| Binding | Meaning |"), doc.indexOf("- `deployment-pipeline env rotate NAME`"));
    List<String> rows = table.lines().filter(l -> l.startsWith("| `"))
        .map(l -> l.substring(3, l.indexOf('`', 3))).toList();
    assertThat(rows).containsExactlyElementsOf(EnvSecretList.BINDINGS);
    assertThat(doc).contains("`" + SealedSecret.TAG + " ENV KEY`", "`-> " + SealedSecret.TAG + " ENV KEY KEYID…`");
    for (String field : new EnvSecretList.Row("K", EnvSecretList.FOREIGN, "staging/K", List.of("0a1b2c3d"), true)
        .toMap().keySet()) {
      assertThat(doc).contains("`" + field + "`");
    }
  }

  @Test
  void namesThresholdsFileRulesAndAliasesMatchTheCode() throws Exception {
    String doc = Files.readString(SKILL).replaceAll("\\s+", " ");
    for (String word : SecretNames.WORDS) assertThat(doc).contains("`" + word + "`");
    assertThat(doc).contains("at least " + SecretDetector.ENTROPY_MIN_LENGTH + " characters")
        .contains("at " + SecretDetector.ENTROPY_BITS + " bits per character")
        .contains("Hex alone counts only from " + SecretDetector.HEX_MIN_LENGTH + " characters");
    Matcher m = Pattern.compile("Files whose name has one of these parts are not environments: (.*?)\\.").matcher(doc);
    assertThat(m.find()).isTrue();
    assertThat(m.group(1)).isEqualTo(String.join(", ", new TreeSet<>(EnvFiles.NOT_ENVIRONMENTS).stream()
        .map(s -> "`" + s + "`").toList()));
    for (Map.Entry<String, String> a : EnvFiles.ALIASES.entrySet()) {
      assertThat(doc).contains("| `" + a.getKey() + "` | `.env." + a.getValue() + "` |");
    }
    assertThat(doc).contains("`" + AgeKeys.IDENTITY_VARIABLE + "`", "~/.config/deployment-pipeline/age/NAME.key",
        "`" + EnvDoc.ENCRYPTED_PREFIX + "BASE64`");
    for (String mark : List.of(EnvDiff.PLAIN, EnvDiff.ENCRYPTED, EnvDiff.ABSENT, "same", "differ", "unknown", "single")) {
      assertThat(doc).contains("`" + mark + "`");
    }
  }
}
