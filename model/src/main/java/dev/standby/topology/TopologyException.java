package dev.standby.topology;

import java.nio.file.Path;
import java.util.List;

/**
 * A topology file that cannot be used, with every problem found, each with its position and field:
 * {@code topology.yaml:12:9: services.payments.sites.site-c: unknown site 'site-c' (declared sites:
 * site-a, site-b)}.
 */
public class TopologyException extends RuntimeException {
  private final List<YamlProblem> located;

  public TopologyException(Path file, List<YamlProblem> problems) {
    super(
        "invalid topology "
            + file
            + ":\n  - "
            + String.join("\n  - ", problems.stream().map(YamlProblem::toString).toList()));
    this.located = List.copyOf(problems);
  }

  /** Each problem as one line, {@code file:line:column: field.path: what is wrong}. */
  public List<String> problems() {
    return located.stream().map(YamlProblem::toString).toList();
  }

  public List<YamlProblem> located() {
    return located;
  }
}
