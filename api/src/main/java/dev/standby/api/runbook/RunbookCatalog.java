package dev.standby.api.runbook;

import dev.standby.api.errors.ApiException;
import dev.standby.runbook.LoadedRunbook;
import dev.standby.runbook.RunbookLoader;
import dev.standby.topology.Topology;
import dev.standby.topology.TopologyException;
import dev.standby.topology.TopologyLoader;
import jakarta.ws.rs.core.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The runbooks in the folder, read afresh on every request so an edited file counts at once, each
 * checked against the topology.
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
      throw unavailable(
          "the runbook folder " + dir.toAbsolutePath() + " does not exist (runbooks.dir)");
    }
    Topology topology = topology();
    return RunbookLoader.loadAll(dir, topology);
  }

  /** The runbook {@code <name>.yaml}, valid or not; 404 when there is no such file. */
  public LoadedRunbook find(String name) {
    Path file = dir.resolve(name + ".yaml");
    if (!Files.isRegularFile(file)) {
      throw ApiException.notFound(
          "no runbook '" + name + "' (known: " + String.join(", ", names()) + ")");
    }
    return RunbookLoader.load(file, topology());
  }

  private List<String> names() {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(f -> f.endsWith(".yaml"))
          .map(f -> f.substring(0, f.length() - 5))
          .sorted()
          .toList();
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

  private static ApiException unavailable(String message) {
    return new ApiException(Response.Status.SERVICE_UNAVAILABLE, message);
  }
}
