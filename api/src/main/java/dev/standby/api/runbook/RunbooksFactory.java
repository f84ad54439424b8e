package dev.standby.api.runbook;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotEmpty;
import java.nio.file.Path;

/**
 * Where the API finds the runbooks and the topology it checks them against (the worker's topology
 * file: the services and sites a runbook names must exist there).
 */
public class RunbooksFactory {
  @NotEmpty @JsonProperty private String dir = "runbooks";

  @NotEmpty @JsonProperty private String topology = "topology.yaml";

  public RunbookCatalog build() {
    return new RunbookCatalog(Path.of(dir), Path.of(topology));
  }
}
