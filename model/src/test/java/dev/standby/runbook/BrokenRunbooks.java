package dev.standby.runbook;

import dev.standby.topology.Topology;
import dev.standby.topology.TopologyLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shipped runbooks ({@code runbooks/} at the repository's root) and the broken ones under
 * {@code src/test/resources/runbooks/broken}, each with a {@code .expected} file: the loader's
 * exact messages, then after {@code --- schema} the field paths the JSON Schema flags (none for
 * problems only the topology or cross-field checks can see; {@code --- schema: not parsed} for a
 * file that is not YAML).
 */
final class BrokenRunbooks {
  static final Path SHIPPED = Path.of("..", "runbooks");
  static final Path SCHEMA = SHIPPED.resolve("runbook.schema.json");
  static final String NOT_PARSED = "--- schema: not parsed";

  private BrokenRunbooks() {}

  record Expectation(List<String> messages, List<String> schemaPaths, boolean parsed) {}

  static Topology labTopology() {
    return TopologyLoader.load(resource("runbooks/topology.yaml"));
  }

  static Stream<Path> shipped() throws IOException {
    try (Stream<Path> files = Files.list(SHIPPED)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  static Stream<Path> broken() throws IOException {
    try (Stream<Path> files = Files.list(resource("runbooks/broken"))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  static Expectation expectation(Path runbook) {
    Path file =
        runbook.resolveSibling(runbook.getFileName().toString().replace(".yaml", ".expected"));
    try {
      List<String> lines = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
      int split = lines.indexOf("--- schema");
      int notParsed = lines.indexOf(NOT_PARSED);
      int at = split >= 0 ? split : notParsed;
      if (at < 0) {
        throw new IllegalStateException(file + " has no '--- schema' line");
      }
      return new Expectation(
          lines.subList(0, at), lines.subList(at + 1, lines.size()), notParsed < 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path resource(String name) {
    try {
      return Path.of(BrokenRunbooks.class.getClassLoader().getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
