package dev.standby.api.slack;

import dev.standby.api.errors.ApiException;
import dev.standby.api.runs.LatestRun;
import dev.standby.api.runs.RunningOperation;
import dev.standby.api.runs.ServiceRun;
import dev.standby.api.runs.ServiceStates;
import dev.standby.api.runs.WorkflowRuns;
import dev.standby.model.Progress;
import dev.standby.model.approval.ApprovalStatus;
import dev.standby.model.readiness.Finding;
import dev.standby.model.readiness.Readiness;
import dev.standby.model.readiness.ReadinessStatus;
import dev.standby.model.service.HistoryEntry;
import dev.standby.model.service.ServiceState;
import dev.standby.model.service.SiteState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The answer to {@code /standby status [service]}, from the service's own state: its primary,
 * whether it is protected, the operation in progress with its link, and its last few history
 * entries.
 */
final class ServiceStatusText {
  /** How many history entries a status shows: enough for "what happened lately". */
  static final int RECENT = 3;

  private final WorkflowRuns runs;
  private final ServiceStates states;

  ServiceStatusText(WorkflowRuns runs) {
    this.runs = runs;
    this.states = runs.states();
  }

  /** One line per service of the topology. */
  String everyService() {
    List<String> names = states.names();
    if (names.isEmpty()) {
      return "Standby knows no service yet: is the worker running?";
    }
    StringBuilder text = new StringBuilder();
    for (String service : names) {
      if (!text.isEmpty()) {
        text.append('\n');
      }
      try {
        text.append(headline(states.read(service).state()));
      } catch (ApiException e) {
        text.append("*").append(service).append("*: :warning: ").append(e.getMessage());
      }
    }
    return text.toString();
  }

  /** The service's state; the reason when it cannot be read (unknown, worker down). */
  String of(String service) {
    ServiceState state = states.read(service).state();
    StringBuilder text = new StringBuilder(headline(state));
    for (SiteState site : state.sites().values()) {
      text.append("\n• `").append(site.site()).append("` ").append(site.role());
      text.append(", ").append(site.condition());
      if (site.follows() != null) {
        text.append(", follows ").append(site.follows());
      }
      if (site.lagMillis() != null) {
        text.append(", lag ").append(site.lagMillis()).append(" ms");
      }
    }
    readiness(service).ifPresent(text::append);
    List<HistoryEntry> history = state.history();
    if (!history.isEmpty()) {
      text.append("\nRecent:");
      for (int i = history.size() - 1; i >= Math.max(0, history.size() - RECENT); i--) {
        text.append("\n• ").append(entry(history.get(i)));
      }
    }
    return text.toString();
  }

  /** Readiness and each finding that is not ok; nothing when it has not been evaluated yet. */
  private Optional<String> readiness(String service) {
    Readiness r;
    try {
      r = states.readiness(service);
    } catch (ApiException e) {
      return Optional.empty();
    }
    StringBuilder text =
        new StringBuilder("\nReadiness: ")
            .append(r.status() == ReadinessStatus.FAILING ? ":red_circle: " : "")
            .append(r.status())
            .append(
                r.projectedRtoMillis() == null
                    ? ""
                    : ", projected RTO " + r.projectedRtoMillis() + " ms")
            .append(" (objective ")
            .append(r.rtoObjectiveMillis())
            .append(" ms)");
    for (Finding f : r.findings()) {
      if (f.status() != ReadinessStatus.OK) {
        text.append("\n• ")
            .append(f.status())
            .append(" ")
            .append(f.area())
            .append(": ")
            .append(f.reason());
      }
    }
    return Optional.of(text.toString());
  }

  private String headline(ServiceState state) {
    StringBuilder text =
        new StringBuilder("*")
            .append(state.service())
            .append("*: primary `")
            .append(state.primarySite())
            .append("`, ")
            .append(state.protectedNow() ? "protected" : ":warning: NOT protected")
            .append(state.protection() == null ? "" : " (" + state.protection() + ")");
    if (state.watching()) {
      text.append(", monitored");
    }
    RunningOperation running = RunningOperation.of(state.operation(), states.links());
    if (running != null) {
      text.append(". Running: ").append(running.describe());
      text.append(running.planned() ? " (planned)" : " (unplanned)");
      progress(running).ifPresent(text::append);
      text.append(" ").append(running.uiUrl());
    } else {
      text.append(". No operation running");
    }
    for (String alarm : state.alarms()) {
      text.append("\n:rotating_light: ").append(alarm);
    }
    return text.toString();
  }

  /** The running operation's current step and pending approval, when its run answers. */
  private Optional<String> progress(RunningOperation running) {
    ServiceRun run = ServiceRun.ofWorkflowId(running.workflowId());
    if (run == null) {
      return Optional.empty();
    }
    Optional<LatestRun> latest = runs.find(run);
    if (latest.isEmpty() || !latest.get().isRunning()) {
      return Optional.empty();
    }
    StringBuilder text = new StringBuilder();
    Progress progress = latest.get().query("progress", Progress.class).value();
    if (progress != null && progress.currentStep() != null) {
      text.append(", step ").append(progress.currentStep());
    }
    ApprovalStatus approval = latest.get().query("approvals", ApprovalStatus.class).value();
    if (approval != null && approval.pendingStep() != null) {
      text.append(", waiting for approval of ")
          .append(approval.pendingStep())
          .append(" (level ")
          .append(approval.level())
          .append(")");
    }
    return Optional.of(text.toString());
  }

  private static String entry(HistoryEntry entry) {
    StringBuilder text =
        new StringBuilder(Instant.ofEpochMilli(entry.endedAtMillis()).toString())
            .append(" ")
            .append(entry.what());
    if (entry.fromSite() != null || entry.toSite() != null) {
      text.append(" ").append(entry.fromSite()).append(" → ").append(entry.toSite());
    }
    if (entry.outcome() != null) {
      text.append(" ").append(entry.outcome());
    }
    if (entry.requestedBy() != null) {
      text.append(" by ").append(entry.requestedBy());
    }
    if (entry.rtoMillis() != null) {
      text.append(", RTO ").append(entry.rtoMillis()).append(" ms");
    }
    if (entry.lostWrites() != null) {
      text.append(", ").append(entry.lostWrites()).append(" writes lost");
    }
    if (entry.detail() != null) {
      text.append(": ").append(entry.detail());
    }
    return text.toString();
  }
}
