package dev.deploypipeline.text;

import java.util.Collection;

/**
 * Suggests the closest known word for a misspelt key (Levenshtein distance, at most a third of its length).
 * Shared by the pipeline config and the compose validator.
 */
public final class DidYouMean {
  private DidYouMean() {}

  public static String closest(String word, Collection<String> candidates) {
    return closest(word, candidates, 1);
  }

  /** As {@link #closest(String, Collection)}, accepting at least {@code minDistance} edits for short words. */
  public static String closest(String word, Collection<String> candidates, int minDistance) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(word.toLowerCase(), c.toLowerCase());
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    return best != null && bestDistance <= Math.max(minDistance, word.length() / 3) ? best : null;
  }

  /** The {@code n} candidates closest to {@code word} by edit distance, however far (ties keep their order). */
  public static java.util.List<String> nearest(String word, Collection<String> candidates, int n) {
    return candidates.stream().sorted(java.util.Comparator.comparingInt(c -> distance(word, c))).limit(n).toList();
  }

  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
