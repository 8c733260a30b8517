package dev.deploypipeline.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** PlainJson writes what databind writes, compact and pretty, and refuses what is not a plain tree. */
class PlainJsonTest {
  private static final JsonMapper DATABIND = JsonMapper.builder().build();

  @Test
  void writesPlainTreesAsDatabindDoes() {
    for (Object tree : plainTrees()) {
      assertThat(PlainJson.compact(tree)).isEqualTo(DATABIND.writeValueAsString(tree));
      assertThat(PlainJson.pretty(tree)).isEqualTo(DATABIND.writerWithDefaultPrettyPrinter().writeValueAsString(tree));
    }
  }

  @Test
  void refusesWhatIsNotPlain() {
    enum Colour { RED }
    record Point(int x) {}
    assertThat(PlainJson.compact(Map.of("c", Colour.RED))).isNull();
    assertThat(PlainJson.compact(List.of(new Point(1)))).isNull();
    assertThat(PlainJson.pretty(Map.of("p", Path.of("/tmp")))).isNull();
    assertThat(PlainJson.compact(Map.of(1, "a"))).as("a key that is not a string").isNull();
    assertThat(PlainJson.compact(Map.of("when", java.time.LocalDate.of(2026, 1, 1)))).isNull();
  }

  private static List<Object> plainTrees() {
    Map<String, Object> deep = new LinkedHashMap<>();
    deep.put("active", List.of());
    deep.put("empty", Map.of());
    deep.put("text", "line\nbreak \"quoted\" tab\t \u0001 é ✓ </script>");
    deep.put("int", 42);
    deep.put("long", 9_007_199_254_740_993L);
    deep.put("negative", -7);
    deep.put("double", 0.1 + 0.2);
    deep.put("whole", 3.0);
    deep.put("float", 1.5f);
    deep.put("big", new BigDecimal("12.50"));
    deep.put("yes", true);
    deep.put("none", null);
    deep.put("at", Instant.parse("2026-12-07T05:36:30.430895955Z"));
    deep.put("atSeconds", Instant.parse("2026-12-07T05:36:30Z"));
    deep.put("now", Instant.now().truncatedTo(ChronoUnit.MILLIS));
    deep.put("list", new ArrayList<>(Arrays.asList(1, "two", null, List.of(Map.of("k", "v")))));
    Map<String, Object> outer = new LinkedHashMap<>();
    outer.put("deployment", deep);
    outer.put("stages", List.of(Map.of("name", "build", "attempts", 1), Map.of("name", "test", "attempts", 2)));
    return List.of(outer, deep, List.of(), Map.of(), "just a string", 7);
  }
}
