package dev.deploypipeline.helm;

import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Finds the 1-based line of a value path (a JSON pointer such as {@code /image/tag}) in a YAML document. */
final class YamlLines {
  private YamlLines() {}

  /** The line of the key (or item) the pointer names; empty when the document does not set it. */
  static Optional<Integer> lineOf(String yaml, String pointer) {
    Node node;
    try {
      node = new Compose(LoadSettings.builder().build()).composeString(yaml).orElse(null);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    if (node == null) return Optional.empty();
    Node at = null;
    for (String raw : pointer.split("/")) {
      if (raw.isEmpty()) continue;
      String seg = raw.replace("~1", "/").replace("~0", "~");
      at = null;
      if (node instanceof MappingNode m) {
        for (NodeTuple t : m.getValue()) {
          if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(seg)) {
            at = t.getKeyNode();
            node = t.getValueNode();
            break;
          }
        }
      } else if (node instanceof SequenceNode s && seg.matches("\\d+") && Integer.parseInt(seg) < s.getValue().size()) {
        node = s.getValue().get(Integer.parseInt(seg));
        at = node;
      }
      if (at == null) return Optional.empty();
    }
    Node found = at == null ? node : at;
    return found.getStartMark().map(mark -> mark.getLine() + 1);
  }
}
