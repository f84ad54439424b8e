package dev.standby.topology;







import java.nio.file.Path;
import java.util.List;

/** A topology file that cannot be used, with every problem found, each naming its field. */
public class TopologyException extends RuntimeException {
  private final List<String> problems;

  public TopologyException(Path file, List<String> problems) {
    super("invalid topology " + file + ":\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
