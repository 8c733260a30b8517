package dev.deploypipeline.helm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A release's revisions, from {@code helm history RELEASE -o json}. Each upgrade this pipeline makes is described
 * as {@code deployment-pipeline version=V deployment=ID}, so a rollback can find the revision that carried a version.
 */
public record HelmHistory(List<Revision> revisions) {
  public record Revision(int revision, String status, String description) {
    /** Whether {@code description} is the one {@link #description} wrote for {@code version}. */
    boolean carries(String version) {
      return description != null && (" " + description + " ").contains(" version=" + version + " ");
    }
  }

  public static final HelmHistory NONE = new HelmHistory(List.of());
  private static final JsonMapper JSON = JsonMapper.builder().build();

  public HelmHistory {
    revisions = List.copyOf(revisions);
  }

  /** The {@code --description} of an upgrade for a deployment. */
  public static String description(String version, String deploymentId) {
    return "deployment-pipeline version=" + version + " deployment=" + deploymentId;
  }

  public static HelmHistory parse(String json) {
    List<Revision> out = new ArrayList<>();
    for (JsonNode n : JSON.readTree(json)) {
      out.add(new Revision(n.path("revision").asInt(), n.path("status").asString(""), n.path("description").asString("")));
    }
    out.sort(java.util.Comparator.comparingInt(Revision::revision));
    return new HelmHistory(out);
  }

  /** The revision that is live now: the newest with status {@code deployed}. */
  public Optional<Revision> deployed() {
    return revisions.stream().filter(r -> r.status().equals("deployed")).reduce((a, b) -> b);
  }

  public Optional<Revision> newest() {
    return revisions.isEmpty() ? Optional.empty() : Optional.of(revisions.get(revisions.size() - 1));
  }

  /**
   * What a rollback returns to: the newest earlier revision that carried {@code version} (when given and found),
   * else the newest revision before the live one that was itself live once ({@code superseded}).
   */
  public Optional<Revision> rollbackTarget(String version) {
    int live = deployed().map(Revision::revision).orElse(Integer.MAX_VALUE);
    List<Revision> earlier = revisions.stream().filter(r -> r.revision() < live).toList();
    if (version != null && !version.isBlank()) {
      Optional<Revision> carrying = earlier.stream().filter(r -> r.carries(version)).reduce((a, b) -> b);
      if (carrying.isPresent()) return carrying;
    }
    return earlier.stream().filter(r -> r.status().equals("superseded")).reduce((a, b) -> b);
  }
}
