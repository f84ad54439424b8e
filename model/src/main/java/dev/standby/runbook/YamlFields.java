package dev.standby.runbook;







import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads fields out of SnakeYAML's node tree, which keeps every node's line and column (Jackson's tree does not),
 * and records a problem at the node's position for every field that is missing, unknown or of the wrong shape.
 */
final class YamlFields {
  private final String file;
  final List<RunbookProblem> problems = new ArrayList<>();

  YamlFields(String file) {
    this.file = file;
  }

  void problem(Node at, String path, String message) {
    problems.add(new RunbookProblem(file, at.getStartMark().getLine() + 1, at.getStartMark().getColumn() + 1, path,
        message));
  }

  /** The mapping's fields by key; unknown and repeated keys are problems (at the key). Null when not a mapping. */
  Map<String, Node> mapping(Node node, String path, Set<String> known) {
    if (!(node instanceof MappingNode mapping)) {
      problem(node, path, "must be a mapping");
      return null;
    }
    Map<String, Node> fields = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      String key = tuple.getKeyNode() instanceof ScalarNode k ? k.getValue() : null;
      String keyPath = path.isEmpty() ? key : path + "." + key;
      if (key == null) {
        problem(tuple.getKeyNode(), path, "keys must be plain names");
      } else if (!known.contains(key)) {
        problem(tuple.getKeyNode(), keyPath, "unknown field (known: " + String.join(", ", new TreeSet<>(known)) + ")");
      } else if (fields.containsKey(key)) {
        problem(tuple.getKeyNode(), keyPath, "appears twice");
      } else {
        fields.put(key, tuple.getValueNode());
      }
    }
    return fields;
  }

  /** A required field: a problem at the mapping when it is absent or null. */
  Node required(Node parent, Map<String, Node> fields, String path, String key) {
    Node value = fields.get(key);
    if (value == null || isNull(value)) {
      problem(value == null ? parent : value, join(path, key), "is required");
      return null;
    }
    return value;
  }

  /** A text value (a number or boolean written plainly is refused: quote it); blank text is a problem. */
  String text(Node node, String path) {
    if (node == null) {
      return null;
    }
    if (!(node instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.STR)) {
      problem(node, path, "must be a text");
      return null;
    }
    if (scalar.getValue().isBlank()) {
      problem(node, path, "must not be blank");
      return null;
    }
    return scalar.getValue();
  }

  String requiredText(Node parent, Map<String, Node> fields, String path, String key) {
    return text(required(parent, fields, path, key), join(path, key));
  }

  String optionalText(Map<String, Node> fields, String path, String key) {
    Node value = fields.get(key);
    return value == null || isNull(value) ? null : text(value, join(path, key));
  }

  Integer integer(Node node, String path) {
    if (node == null) {
      return null;
    }
    if (!(node instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.INT)) {
      problem(node, path, "must be a whole number");
      return null;
    }
    return Integer.parseInt(scalar.getValue());
  }

  /** The list's items; a problem when it is not a list, or empty when {@code nonEmpty}. Null when unusable. */
  List<Node> list(Node node, String path, boolean nonEmpty) {
    if (node == null) {
      return null;
    }
    if (!(node instanceof SequenceNode sequence)) {
      problem(node, path, "must be a list");
      return null;
    }
    if (nonEmpty && sequence.getValue().isEmpty()) {
      problem(node, path, "must not be empty");
      return null;
    }
    return sequence.getValue();
  }

  /** A list of texts; each bad item is its own problem and left out. */
  List<String> texts(Node node, String path, boolean nonEmpty) {
    List<Node> items = list(node, path, nonEmpty);
    List<String> texts = new ArrayList<>();
    if (items != null) {
      for (int i = 0; i < items.size(); i++) {
        String text = text(items.get(i), path + "[" + i + "]");
        if (text != null) {
          texts.add(text);
        }
      }
    }
    return texts;
  }

  /** The value of {@code key} in a mapping node, or the node itself when there is none: for positions. */
  static Node field(Node mapping, String key) {
    if (mapping instanceof MappingNode m) {
      for (NodeTuple tuple : m.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
          return tuple.getValueNode();
        }
      }
    }
    return mapping;
  }

  static boolean isNull(Node node) {
    return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
