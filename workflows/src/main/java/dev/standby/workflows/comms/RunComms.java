package dev.standby.workflows.comms;

import dev.standby.activities.NotifyActivities;
import dev.standby.model.CommsTemplates;
import dev.standby.model.service.OperationOutcome;
import dev.standby.workflows.ServiceRun;
import dev.standby.workflows.StepTimeline;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The messages people read while a failover or failback runs: the initial notification, updates and
 * the resolution, from the service's templates with the run's values filled in. Posting never holds
 * the run up (a slow or absent Slack must not cost RTO) and never fails it: the posts run beside
 * the steps, one after another in the order the run made them (so nobody reads "moving traffic"
 * after "completed"), and {@link #resolution} waits for all of them, best effort, before the run
 * ends.
 */
public final class RunComms {
  private static final Logger log = Workflow.getLogger(RunComms.class);

  private final NotifyActivities notify = Workflow.newActivityStub(NotifyActivities.class);
  private final String service;
  private final CommsTemplates templates;
  private final Map<String, String> values = new LinkedHashMap<>();
  private final List<Promise<?>> posts = new ArrayList<>();
  private Promise<?> last = Workflow.newPromise(null);

  /**
   * @param kind "Failover" or "Failback", as the messages name the run
   */
  public RunComms(String kind, String service, CommsTemplates templates) {
    this.service = service;
    this.templates = templates;
    values.put("kind", kind);
    values.put("service", service);
    values.put("workflowId", Workflow.getInfo().getWorkflowId());
  }

  /** Sets a placeholder's value for this and every later message; null or blank reads "n/a". */
  public RunComms set(String name, String value) {
    values.put(name, value);
    return this;
  }

  public void initial() {
    post(templates.initial());
  }

  /**
   * @param status what just happened, e.g. "promote-target approved by alice"
   */
  public void update(String status) {
    values.put("status", status);
    post(templates.update());
  }

  /**
   * Posts the resolution and waits for every message of the run; runs even when the run was
   * cancelled.
   */
  public void resolution(String outcome) {
    values.put("outcome", outcome);
    Workflow.newDetachedCancellationScope(
            () -> {
              post(templates.resolution());
              for (Promise<?> p : posts) {
                try {
                  p.get();
                } catch (ActivityFailure | CanceledFailure e) {
                  log.warn(
                      "A message about {} was not posted: {}",
                      service,
                      e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
                }
              }
            })
        .run();
  }

  /** What a message would say now: for tests and the timeline. */
  public String render(String template) {
    return CommsTemplates.render(template, values);
  }

  private void post(String template) {
    String text = render(template);
    // After the previous message, whether or not it could be posted: one failed post holds up
    // nothing.
    last =
        last.handle((done, failed) -> null)
            .thenCompose(ignored -> Async.function(notify::post, service, text));
    posts.add(last);
  }

  /**
   * How a run ended at {@code step}, for the service's history: "failed at fence-source: why", or
   * "canceled at await-approval" (a cancellation has no why of its own).
   */
  public static String endedAt(String step, Throwable e) {
    return canceled(e) ? "canceled at " + step : "failed at " + step + ": " + why(e);
  }

  /** The same for the channel's last message: "FAILED at ...", "CANCELED at ...". */
  public static String resolutionAt(String step, Throwable e) {
    return canceled(e) ? "CANCELED at " + step : "FAILED at " + step + ": " + why(e);
  }

  private static boolean canceled(Throwable e) {
    return ServiceRun.outcomeOf(e) == OperationOutcome.CANCELED;
  }

  /**
   * Why a run failed, in words: the typed failure's own message, without the wrappers around it.
   */
  public static String why(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ApplicationFailure failure) {
        return failure.getOriginalMessage();
      }
    }
    return StepTimeline.rootMessage(e);
  }

  /** "4.2 s", "250 ms": durations as people read them in a channel. */
  public static String millis(Long millis) {
    if (millis == null) {
      return null;
    }
    if (millis < 1000) {
      return millis + " ms";
    }
    long tenths = Math.round(millis / 100.0);
    return (tenths / 10) + "." + (tenths % 10) + " s";
  }
}
