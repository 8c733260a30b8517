package dev.deploypipeline.router;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the runtime API's tables: {@code show stat} (CSV, header line {@code # pxname,svname,...}) and
 * {@code show servers state} (a version line, then {@code # be_id be_name ...} and space-separated rows).
 * Columns are looked up by name, since their positions are not guaranteed across versions.
 */
public final class HaproxyStats {
  private HaproxyStats() {}

  public static List<Map<String, String>> csv(String text) {
    return table(text, ",");
  }

  public static List<Map<String, String>> serversState(String text) {
    return table(text, " ");
  }

  private static List<Map<String, String>> table(String text, String sep) {
    String[] header = null;
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("# ")) {
        header = line.substring(2).split(sep, -1);
      } else if (header != null && !line.isBlank()) {
        String[] f = line.split(sep, -1);
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < header.length && i < f.length; i++) row.put(header[i], f[i]);
        rows.add(row);
      }
    }
    return rows;
  }

  /**
   * Per-server counters of {@code backend} from {@code show stat}, keyed by server name: responses are all
   * {@code hrsp_*} plus failed connections and responses ({@code econ}, {@code eresp}), errors are
   * {@code hrsp_5xx} plus those failures.
   */
  public static Map<String, long[]> serverCounters(String showStat, String backend) {
    Map<String, long[]> out = new HashMap<>();
    for (Map<String, String> r : csv(showStat)) {
      if (!backend.equals(r.get("pxname")) || "BACKEND".equals(r.get("svname"))) continue;
      long failed = n(r, "econ") + n(r, "eresp");
      long responses = n(r, "hrsp_1xx") + n(r, "hrsp_2xx") + n(r, "hrsp_3xx") + n(r, "hrsp_4xx") + n(r, "hrsp_5xx")
          + n(r, "hrsp_other") + failed;
      out.put(r.get("svname"), new long[] {responses, n(r, "hrsp_5xx") + failed});
    }
    return out;
  }

  private static long n(Map<String, String> row, String col) {
    String v = row.get(col);
    return v == null || v.isEmpty() ? 0 : Long.parseLong(v);
  }
}
