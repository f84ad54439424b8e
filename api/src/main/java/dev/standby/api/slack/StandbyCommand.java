package dev.standby.api.slack;

import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.handler.builtin.SlashCommandHandler;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import dev.standby.api.auth.Caller;
import dev.standby.api.auth.Role;
import dev.standby.api.drill.DrillResource;
import dev.standby.api.failover.FailoverResource;
import dev.standby.api.failover.StartFailover;
import dev.standby.api.region.RegionFailoverResource;
import dev.standby.api.region.StartRegionFailover;
import dev.standby.api.runs.RunApprovals;
import dev.standby.api.runs.RunRef;
import dev.standby.api.runs.ServiceRun;
import dev.standby.api.runs.WorkflowRuns;
import dev.standby.api.validation.Name;
import dev.standby.model.drill.DrillRequest;
import dev.standby.model.drill.DrillType;
import dev.standby.model.failover.FailoverMode;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * {@code /standby status [service]}, {@code /standby failover <service> <site>
 * [planned|unplanned]}, {@code /standby failover-region <site> [unplanned|planned]} and {@code
 * /standby approve <service or workflow id>}. Usage errors and refusals are answered in the ack;
 * the Temporal calls run after it.
 */
final class StandbyCommand implements SlashCommandHandler {
  static final String USAGE =
      "Usage: `/standby status [service]`, `/standby failover <service> <site> "
          + "[planned|unplanned]`, `/standby failover-region <site> [unplanned|planned]`, "
          + "`/standby drill <service> <simulated|chaos|practice>`, "
          + "`/standby approve <service or workflow id, e.g. failback/<service>, region/<site>>`";

  private final SlackCallers callers;
  private final WorkflowRuns runs;
  private final RunApprovals approvals;
  private final Executor executor;
  private final ServiceStatusText status;

  StandbyCommand(
      SlackCallers callers, WorkflowRuns runs, RunApprovals approvals, Executor executor) {
    this.callers = callers;
    this.runs = runs;
    this.approvals = approvals;
    this.executor = executor;
    this.status = new ServiceStatusText(runs);
  }

  @Override
  public Response apply(SlashCommandRequest request, SlashCommandContext ctx) {
    String userId = request.getPayload().getUserId();
    String text = request.getPayload().getText();
    String[] words = text == null ? new String[0] : text.strip().split("\\s+");
    String verb = words.length == 0 ? "" : words[0].toLowerCase(Locale.ROOT);
    return switch (verb) {
      case "status" ->
          words.length == 1
              ? later(ctx, userId, Role.VIEWER, "see runs", caller -> status.everyService())
              : words.length == 2 && valid(words[1])
                  ? later(ctx, userId, Role.VIEWER, "see runs", caller -> status.of(words[1]))
                  : ctx.ack(USAGE);
      case "failover" ->
          words.length >= 3
                  && words.length <= 4
                  && valid(words[1])
                  && valid(words[2])
                  && mode(words) != null
              ? later(
                  ctx,
                  userId,
                  Role.OPERATOR,
                  "start failovers",
                  caller -> failover(caller, words[1], words[2], mode(words)))
              : ctx.ack(USAGE);
      case "failover-region" ->
          words.length >= 2 && words.length <= 3 && valid(words[1]) && regionMode(words) != null
              ? later(
                  ctx,
                  userId,
                  Role.OPERATOR,
                  "start failovers",
                  caller -> failoverRegion(caller, words[1], regionMode(words)))
              : ctx.ack(USAGE);
      case "drill" ->
          words.length == 3 && valid(words[1]) && drillType(words[2]) != null
              ? later(
                  ctx,
                  userId,
                  Role.OPERATOR,
                  "start drills",
                  caller -> drill(caller, words[1], drillType(words[2])))
              : ctx.ack(USAGE);
      case "approve" ->
          words.length == 2 && run(words[1]) != null
              ? later(
                  ctx,
                  userId,
                  Role.APPROVER,
                  "approve Standby steps",
                  caller -> approve(caller, run(words[1])))
              : ctx.ack(USAGE);
      default -> ctx.ack(USAGE);
    };
  }

  private interface Work {
    String run(Caller caller);
  }

  private Response later(
      SlashCommandContext ctx, String userId, Role role, String what, Work work) {
    Caller caller = callers.allowed(userId, role);
    if (caller == null) {
      return ctx.ack(callers.refusal(userId, role, what));
    }
    Supplier<String> answer = () -> work.run(caller);
    executor.execute(() -> Replies.send(Replies.of(ctx), answer));
    return ctx.ack();
  }

  private String failover(Caller caller, String service, String site, FailoverMode mode) {
    RunRef started =
        FailoverResource.start(
            runs, new StartFailover(service, site, mode, "from Slack", null), caller.name());
    return ":arrows_counterclockwise: Started a "
        + mode
        + " failover of "
        + service
        + " to "
        + site
        + " as "
        + caller.name()
        + ": "
        + started.uiUrl();
  }

  private String failoverRegion(Caller caller, String site, FailoverMode mode) {
    RunRef started =
        RegionFailoverResource.start(
            runs, new StartRegionFailover(site, mode, "from Slack", null, null), caller.name());
    return ":rotating_light: Started the "
        + mode
        + " region plan for "
        + site
        + " as "
        + caller.name()
        + ": every service whose primary is there fails over, group by group. "
        + started.uiUrl();
  }

  private String drill(Caller caller, String service, DrillType type) {
    DrillRequest request =
        new DrillRequest(
            service,
            type,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            "from Slack",
            caller.name());
    RunRef started = DrillResource.start(runs, request);
    return ":test_tube: Started a "
        + type.name().toLowerCase(Locale.ROOT)
        + " drill of "
        + service
        + " as "
        + caller.name()
        + (type == DrillType.PRACTICE ? " (production is not touched)" : "")
        + ": "
        + started.uiUrl();
  }

  /** A tabletop needs its steps, so it is started from the API, not from a slash command. */
  private static DrillType drillType(String word) {
    return switch (word.toLowerCase(Locale.ROOT)) {
      case "simulated" -> DrillType.SIMULATED;
      case "chaos" -> DrillType.CHAOS;
      case "practice" -> DrillType.PRACTICE;
      default -> null;
    };
  }

  private String approve(Caller caller, ServiceRun run) {
    return Replies.answered(
        approvals.answer(run, null, caller.name(), "from Slack /standby approve", true));
  }

  private static boolean valid(String name) {
    return name.matches(Name.PATTERN);
  }

  /**
   * A failover is planned unless said otherwise (a planned failover refuses when the old primary is
   * down, and says so); a region plan is unplanned unless said otherwise, as it is for a site that
   * is gone. Null for a word that is neither.
   */
  private static FailoverMode mode(String[] words) {
    return modeAt(words, 3, FailoverMode.PLANNED);
  }

  private static FailoverMode regionMode(String[] words) {
    return modeAt(words, 2, FailoverMode.UNPLANNED);
  }

  private static FailoverMode modeAt(String[] words, int index, FailoverMode fallback) {
    if (words.length <= index) {
      return fallback;
    }
    return switch (words[index].toLowerCase(Locale.ROOT)) {
      case "planned" -> FailoverMode.PLANNED;
      case "unplanned" -> FailoverMode.UNPLANNED;
      default -> null;
    };
  }

  /** {@code payments} (its failover) or a workflow id such as {@code failback/payments}. */
  private static ServiceRun run(String word) {
    if (word.contains("/")) {
      ServiceRun run = ServiceRun.ofWorkflowId(word);
      return run != null && valid(run.kind()) && valid(run.service()) ? run : null;
    }
    return valid(word) ? FailoverResource.run(word) : null;
  }
}
