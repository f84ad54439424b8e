package dev.standby.api.runbook;

import dev.standby.api.errors.ApiException;
import dev.standby.model.runbook.RunbookStep;
import dev.standby.runbook.LoadedRunbook;
import dev.standby.runbook.RunbookLoader;
import dev.standby.runbook.RunbookProblem;
import dev.standby.topology.Topology;
import dev.standby.topology.TopologyException;
import dev.standby.topology.TopologyLoader;
import dev.standby.workflows.runbook.RunbookActions;
import jakarta.ws.rs.core.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The runbooks in the folder, read afresh on every request so an edited file counts at once, each checked
 * against the topology and against what this build can execute.
 */
public final class RunbookCatalog {
  private final Path dir;
  private final Path topologyFile;

  public RunbookCatalog(Path dir, Path topologyFile) {
    this.dir = dir;
    this.topologyFile = topologyFile;
  }

  public List<LoadedRunbook> all() {
    if (!Files.isDirectory(dir)) {
      throw unavailable("the runbook folder " + dir.toAbsolutePath() + " does not exist (runbooks.dir)");
    }
    Topology topology = topology();
    return RunbookLoader.loadAll(dir, topology).stream().map(RunbookCatalog::withUnavailableActions).toList();
  }

  /** The runbook {@code <name>.yaml}, valid or not; 404 when there is no such file. */
  public LoadedRunbook find(String name) {
    Path file = dir.resolve(name + ".yaml");
    if (!Files.isRegularFile(file)) {
      throw ApiException.notFound("no runbook '" + name + "' (known: " + String.join(", ", names()) + ")");
    }
    return withUnavailableActions(RunbookLoader.load(file, topology()));
  }

  private List<String> names() {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".yaml"))
          .map(f -> f.substring(0, f.length() - 5)).sorted().toList();
    } catch (java.io.IOException e) {
      return List.of();
    }
  }

  private Topology topology() {
    try {
      return TopologyLoader.load(topologyFile);
    } catch (TopologyException e) {
      throw unavailable("cannot check runbooks: " + e.getMessage());
    }
  }

  /** A valid runbook whose steps this build cannot run is refused the same way as an invalid one. */
  private static LoadedRunbook withUnavailableActions(LoadedRunbook loaded) {
    if (!loaded.valid()) {
      return loaded;
    }
    List<RunbookProblem> problems = new ArrayList<>();
    String file = loaded.file().getFileName().toString();
    addUnavailable(problems, file, "procedure", loaded.runbook().procedure());
    addUnavailable(problems, file, "rollback", loaded.runbook().rollback());
    return problems.isEmpty() ? loaded : new LoadedRunbook(loaded.name(), loaded.file(), null, problems);
  }

  private static void addUnavailable(List<RunbookProblem> problems, String file, String part, List<RunbookStep> steps) {
    for (int i = 0; i < steps.size(); i++) {
      RunbookStep step = steps.get(i);
      if (!RunbookActions.available(step.action())) {
        problems.add(new RunbookProblem(file, 0, 0, part + "[" + i + "].action", "action " + step.action().label()
            + " is not available in this build (the backup workflows are not part of it yet)"));
      }
    }
  }

  private static ApiException unavailable(String message) {
    return new ApiException(Response.Status.SERVICE_UNAVAILABLE, message);
  }
}
