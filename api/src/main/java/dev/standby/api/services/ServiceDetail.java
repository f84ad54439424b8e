package dev.standby.api.services;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.standby.api.runs.RunRef;
import dev.standby.api.runs.RunningOperation;
import dev.standby.api.temporal.WorkflowLinks;
import dev.standby.model.service.HistoryEntry;
import dev.standby.model.service.OperationOutcome;
import dev.standby.model.service.ServiceState;
import dev.standby.model.service.SiteState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer of {@code GET /services/{name}}: all of the service's state, with every site's role
 * and condition, and its history newest first.
 *
 * @param workflow the {@code service/<name>} run that answered, with its UI link
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceDetail(
    String service,
    String primarySite,
    @JsonProperty("protected") boolean isProtected,
    String protection,
    RunningOperation operation,
    boolean watching,
    List<String> alarms,
    List<Site> sites,
    List<Event> history,
    String updatedAt,
    RunRef workflow) {

  /** One site as the service last saw it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Site(
      String site,
      String role,
      String condition,
      boolean primary,
      String follows,
      boolean streaming,
      Long lagMillis,
      boolean writable,
      String observedAt,
      String detail) {

    static Site of(SiteState site, String primarySite) {
      return new Site(
          site.site(),
          site.role() == null ? null : site.role().name(),
          site.condition() == null ? null : site.condition().name(),
          site.site().equals(primarySite),
          site.follows(),
          site.streaming(),
          site.lagMillis(),
          site.writable(),
          iso(site.observedAtMillis()),
          site.detail());
    }
  }

  /** One ended operation, or something the service did by itself (an alarm, a fence). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Event(
      String what,
      String subtype,
      String workflowId,
      String requestedBy,
      String startedAt,
      String endedAt,
      OperationOutcome outcome,
      String fromSite,
      String toSite,
      Long rtoMillis,
      Long lostWrites,
      Long rpoMillis,
      String detail) {

    static Event of(HistoryEntry entry) {
      return new Event(
          entry.what(),
          entry.subtype(),
          entry.workflowId(),
          entry.requestedBy(),
          iso(entry.startedAtMillis()),
          iso(entry.endedAtMillis()),
          entry.outcome(),
          entry.fromSite(),
          entry.toSite(),
          entry.rtoMillis(),
          entry.lostWrites(),
          entry.rpoMillis(),
          entry.detail());
    }
  }

  static ServiceDetail of(ServiceState state, RunRef workflow, WorkflowLinks links) {
    List<Event> newestFirst = new ArrayList<>();
    for (HistoryEntry entry : state.history()) {
      newestFirst.add(0, Event.of(entry));
    }
    return new ServiceDetail(
        state.service(),
        state.primarySite(),
        state.protectedNow(),
        state.protection(),
        RunningOperation.of(state.operation(), links),
        state.watching(),
        state.alarms(),
        state.sites().values().stream().map(s -> Site.of(s, state.primarySite())).toList(),
        newestFirst,
        iso(state.updatedAtMillis()),
        workflow);
  }

  /** Null for "never" (0), so a site not yet observed shows no time. */
  private static String iso(long millis) {
    return millis <= 0 ? null : Instant.ofEpochMilli(millis).toString();
  }
}
