package dev.standby.runbook;

import dev.standby.model.runbook.Runbook;
import dev.standby.topology.YamlProblem;
import java.nio.file.Path;
import java.util.List;

/**
 * A runbook file as read: its runbook when it has no problem, otherwise every problem found (and no
 * runbook, so nothing can run a half-checked plan).
 *
 * @param name the file's name without {@code .yaml}
 */
public record LoadedRunbook(String name, Path file, Runbook runbook, List<YamlProblem> problems) {

  public LoadedRunbook {
    problems = List.copyOf(problems);
    runbook = problems.isEmpty() ? runbook : null;
  }

  public boolean valid() {
    return problems.isEmpty();
  }

  /** The problems as lines, for logs and API answers. */
  public List<String> messages() {
    return problems.stream().map(YamlProblem::toString).toList();
  }
}
