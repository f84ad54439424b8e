package dev.standby.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.standby.api.temporal.TemporalFactory;
import io.dropwizard.core.Configuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

public class StandbyApiConfiguration extends Configuration {

  @Valid
  @NotNull
  @JsonProperty("temporal")
  private TemporalFactory temporal = new TemporalFactory();

  public TemporalFactory getTemporal() {
    return temporal;
  }
}
