package dev.deploypipeline.jira;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The rules of an ADF document that Jira enforces on a comment body, for {@link FakeJiraServer}. */
final class AdfCheck {
  private AdfCheck() {}

  static String problem(JsonNode doc) {
    if (!doc.isObject()) return "the body must be an ADF document (an object), not " + doc.getNodeType();
    if (!"doc".equals(doc.path("type").asString("")) || doc.path("version").asInt(0) != 1) {
      return "the root must be {\"type\": \"doc\", \"version\": 1}";
    }
    return nodes(doc.path("content"), "doc");
  }

  private static String nodes(JsonNode content, String parent) {
    if (!content.isArray()) return parent + ".content must be an array";
    List<String> problems = new ArrayList<>();
    for (JsonNode n : content) {
      String type = n.path("type").asString("");
      switch (type) {
        case "text" -> {
          if (n.path("text").asString("").isEmpty()) problems.add("empty text node in " + parent);
        }
        case "paragraph", "bulletList", "listItem" -> {
          String p = nodes(n.path("content"), type);
          if (p != null) problems.add(p);
        }
        default -> problems.add("unsupported node type '" + type + "' in " + parent);
      }
    }
    return problems.isEmpty() ? null : problems.get(0);
  }
}
