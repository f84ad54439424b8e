package dev.standby.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.standby.api.auth.AuthFactory;
import dev.standby.api.runbook.RunbooksFactory;
import dev.standby.api.slack.SlackFactory;
import dev.standby.api.temporal.TemporalFactory;
import io.dropwizard.core.Configuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

public class StandbyApiConfiguration extends Configuration {

  @Valid
  @NotNull
  @JsonProperty("temporal")
  private TemporalFactory temporal = new TemporalFactory();

  @Valid
  @NotNull
  @JsonProperty("auth")
  private AuthFactory auth = new AuthFactory();

  @Valid
  @NotNull
  @JsonProperty("slack")
  private SlackFactory slack = new SlackFactory();

  /**
   * Optional: the worker's topology file. When set, starts of an unknown service or site are
   * refused by the API (404, 422) instead of becoming runs that fail.
   */
  @JsonProperty("topologyFile")
  private String topologyFile;

  public String getTopologyFile() {
    return topologyFile == null || topologyFile.isBlank() ? null : topologyFile;
  }

  @Valid
  @NotNull
  @JsonProperty("runbooks")
  private RunbooksFactory runbooks = new RunbooksFactory();

  public RunbooksFactory getRunbooks() {
    return runbooks;
  }

  public SlackFactory getSlack() {
    return slack;
  }

  public TemporalFactory getTemporal() {
    return temporal;
  }

  public AuthFactory getAuth() {
    return auth;
  }
}
