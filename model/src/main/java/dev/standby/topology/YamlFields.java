package dev.standby.topology;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The one YAML field validator, for the topology and the runbooks. It reads fields out of
 * SnakeYAML's node tree, which keeps every node's line and column (Jackson's tree does not), and
 * records a problem at the node's position for every field that is missing, unknown or of the wrong
 * shape, in one format: {@code file:line:column: path: message}.
 */
public final class YamlFields {
  private final String file;
  private final List<YamlProblem> problems = new ArrayList<>();

  public YamlFields(String file) {
    this.file = file;
  }

  /** The file's root node, or null with the reason as a problem (empty, not YAML, unreadable). */
  public Node parse(Path path) {
    try {
      Node root =
          new Yaml(new SafeConstructor(new LoaderOptions()))
              .compose(new StringReader(Files.readString(path)));
      if (root == null) {
        problems.add(new YamlProblem(file, 1, 1, "", "the file is empty"));
      }
      return root;
    } catch (MarkedYAMLException e) {
      var mark = e.getProblemMark();
      problems.add(
          new YamlProblem(
              file,
              mark == null ? 1 : mark.getLine() + 1,
              mark == null ? 1 : mark.getColumn() + 1,
              "",
              "not valid YAML: " + e.getProblem()));
    } catch (IOException e) {
      problems.add(new YamlProblem(file, 1, 1, "", "cannot read the file: " + e));
    }
    return null;
  }

  /** The problems in reading order, so a person fixes the file top to bottom. */
  public List<YamlProblem> problems() {
    List<YamlProblem> sorted = new ArrayList<>(problems);
    sorted.sort(Comparator.comparingInt(YamlProblem::line).thenComparingInt(YamlProblem::column));
    return sorted;
  }

  public boolean hasProblems() {
    return !problems.isEmpty();
  }

  public void problem(Node at, String path, String message) {
    problems.add(
        new YamlProblem(
            file,
            at.getStartMark().getLine() + 1,
            at.getStartMark().getColumn() + 1,
            path,
            message));
  }

  /**
   * The mapping's fields by key; unknown and repeated keys are problems (at the key). Null when not
   * a mapping.
   */
  public Map<String, Node> mapping(Node node, String path, Set<String> known) {
    if (!(node instanceof MappingNode mapping)) {
      problem(node, path, "must be a mapping");
      return null;
    }
    Map<String, Node> fields = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      String key = tuple.getKeyNode() instanceof ScalarNode k ? k.getValue() : null;
      String keyPath = join(path, key);
      if (key == null) {
        problem(tuple.getKeyNode(), path, "keys must be plain names");
      } else if (!known.contains(key)) {
        problem(
            tuple.getKeyNode(),
            keyPath,
            "unknown field (known: " + String.join(", ", new TreeSet<>(known)) + ")");
      } else if (fields.containsKey(key)) {
        problem(tuple.getKeyNode(), keyPath, "appears twice");
      } else {
        fields.put(key, tuple.getValueNode());
      }
    }
    return fields;
  }

  /**
   * The mapping's entries in file order, for mappings of names to settings ({@code sites}, {@code
   * targets}). A problem when it is not a mapping, or empty when {@code nonEmpty}; an empty map
   * then.
   */
  public Map<String, Node> entries(Node node, String path, boolean nonEmpty) {
    Map<String, Node> entries = new LinkedHashMap<>();
    if (!(node instanceof MappingNode mapping)) {
      problem(node, path, "must be a mapping of names to settings");
      return entries;
    }
    for (NodeTuple tuple : mapping.getValue()) {
      String key = tuple.getKeyNode() instanceof ScalarNode k ? k.getValue() : null;
      if (key == null) {
        problem(tuple.getKeyNode(), path, "keys must be plain names");
      } else if (entries.containsKey(key)) {
        problem(tuple.getKeyNode(), join(path, key), "appears twice");
      } else {
        entries.put(key, tuple.getValueNode());
      }
    }
    if (entries.isEmpty() && nonEmpty) {
      problem(node, path, "must not be empty");
    }
    return entries;
  }

  /** A required field: a problem at the mapping when it is absent or null. */
  public Node required(Node parent, Map<String, Node> fields, String path, String key) {
    Node value = fields.get(key);
    if (value == null || isNull(value)) {
      problem(value == null ? parent : value, join(path, key), "is required");
      return null;
    }
    return value;
  }

  /**
   * A text value (a number or boolean written plainly is refused: quote it); blank text is a
   * problem.
   */
  public String text(Node node, String path) {
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

  /**
   * A single value as written, whatever YAML would make of it ({@code 5432}, {@code true}): for
   * names and URLs.
   */
  public String scalar(Node node, String path) {
    if (node == null || isNull(node)) {
      return null;
    }
    if (!(node instanceof ScalarNode scalar)) {
      problem(node, path, "must be a single value");
      return null;
    }
    return scalar.getValue();
  }

  public String requiredText(Node parent, Map<String, Node> fields, String path, String key) {
    return text(required(parent, fields, path, key), join(path, key));
  }

  public String optionalText(Map<String, Node> fields, String path, String key) {
    Node value = fields.get(key);
    return value == null || isNull(value) ? null : text(value, join(path, key));
  }

  public Integer integer(Node node, String path) {
    if (node == null) {
      return null;
    }
    Integer value = wholeNumber(node);
    if (value == null) {
      problem(node, path, "must be a whole number");
    }
    return value;
  }

  /** A duration such as {@code 30s}; a problem at the value when it is not one. */
  public Duration duration(Node node, String path) {
    String value = scalar(node, path);
    if (value == null) {
      return null;
    }
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      problem(node, path, e.getMessage());
      return null;
    }
  }

  /**
   * The list's items; a problem when it is not a list, or empty when {@code nonEmpty}. Null when
   * unusable.
   */
  public List<Node> list(Node node, String path, boolean nonEmpty) {
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
  public List<String> texts(Node node, String path, boolean nonEmpty) {
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

  /**
   * The value of {@code key} in a mapping node, or the node itself when there is none: for
   * positions.
   */
  public static Node field(Node mapping, String key) {
    Node value = child(mapping, key);
    return value == null ? mapping : value;
  }

  /**
   * The value of {@code key} in a mapping node; null when there is none or the node is not a
   * mapping.
   */
  public static Node child(Node mapping, String key) {
    if (mapping instanceof MappingNode m) {
      for (NodeTuple tuple : m.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
          return tuple.getValueNode();
        }
      }
    }
    return null;
  }

  /**
   * The key node of {@code key} in a mapping node, or the node itself when there is none: for
   * problems with a name.
   */
  public static Node key(Node mapping, String key) {
    if (mapping instanceof MappingNode m) {
      for (NodeTuple tuple : m.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
          return k;
        }
      }
    }
    return mapping;
  }

  /** Left out or written as null ({@code key:} or {@code key: ~}). */
  public static boolean absent(Node node) {
    return node == null || isNull(node);
  }

  public static boolean isNull(Node node) {
    return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
  }

  /** The node's whole number, or null when it is not one (text, a fraction, out of int's range). */
  public static Integer wholeNumber(Node n) {
    if (!(n instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.INT)) {
      return null;
    }
    try {
      return Integer.valueOf(scalar.getValue().replace("_", ""));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The node's number (whole or not), or null when it is not one. */
  public static Double number(Node n) {
    if (!(n instanceof ScalarNode scalar)
        || !(scalar.getTag().equals(Tag.INT) || scalar.getTag().equals(Tag.FLOAT))) {
      return null;
    }
    try {
      return Double.valueOf(scalar.getValue().replace("_", ""));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  public static boolean isMapping(Node n) {
    return n instanceof MappingNode;
  }

  /** The items of a list node; empty for anything else. */
  public static List<Node> items(Node n) {
    return n instanceof SequenceNode sequence ? sequence.getValue() : List.of();
  }

  public static boolean isList(Node n) {
    return n instanceof SequenceNode;
  }

  /** A node as it was written, for messages: {@code 5}, {@code [10, 50, 25]}, {@code a mapping}. */
  public static String written(Node node) {
    if (node instanceof ScalarNode scalar) {
      return scalar.getValue();
    }
    if (node instanceof SequenceNode sequence) {
      return "["
          + String.join(", ", sequence.getValue().stream().map(YamlFields::written).toList())
          + "]";
    }
    return node == null ? "nothing" : "a mapping";
  }

  public static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
