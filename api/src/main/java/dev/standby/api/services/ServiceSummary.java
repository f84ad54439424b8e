package dev.standby.api.services;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.standby.api.runs.RunningOperation;
import dev.standby.api.temporal.WorkflowLinks;
import dev.standby.model.service.ServiceState;
import java.util.List;

/**
 * One service in {@code GET /services}: where it is and whether it is safe. A service whose state
 * cannot be read is listed with the reason in {@code unavailable} instead of failing the list.
 *
 * @param isProtected a replica streams from the primary and is caught up
 * @param protection why it is, or is not, protected
 * @param watching the service's health monitor is on
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceSummary(
    String service,
    String primarySite,
    @JsonProperty("protected") Boolean isProtected,
    String protection,
    RunningOperation operation,
    Boolean watching,
    List<String> alarms,
    String unavailable) {

  static ServiceSummary of(ServiceState state, WorkflowLinks links) {
    return new ServiceSummary(
        state.service(),
        state.primarySite(),
        state.protectedNow(),
        state.protection(),
        RunningOperation.of(state.operation(), links),
        state.watching(),
        state.alarms(),
        null);
  }

  static ServiceSummary unavailable(String service, String why) {
    return new ServiceSummary(service, null, null, null, null, null, null, why);
  }
}
