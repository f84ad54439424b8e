package dev.standby.workflows.readiness;

import dev.standby.activities.NotifyActivities;
import dev.standby.activities.ReadinessActivities;
import dev.standby.activities.ServiceActivities;
import dev.standby.activities.TopologyActivities;
import dev.standby.model.ServiceSpec;
import dev.standby.model.readiness.Readiness;
import dev.standby.model.readiness.ReadinessFacts;
import dev.standby.model.readiness.ReadinessStatus;
import dev.standby.model.service.ServiceState;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * Reads everything (one activity), judges it with {@link ReadinessRules} in workflow code, and
 * posts to the service's channel only when the plan turns failing, not on every evaluation that
 * finds it still failing. The last evaluation travels across continue-as-new, so a restart does not
 * post again.
 */
public class ReadinessWorkflowImpl implements ReadinessWorkflow {
  private static final Logger log = Workflow.getLogger(ReadinessWorkflowImpl.class);

  /**
   * Evaluations per run before continuing as new: a readiness loop lives as long as its service.
   */
  static final int EVALUATIONS_PER_RUN = 200;

  private final TopologyActivities topology = Workflow.newActivityStub(TopologyActivities.class);
  private final ServiceActivities services = Workflow.newActivityStub(ServiceActivities.class);
  private final ReadinessActivities reads = Workflow.newActivityStub(ReadinessActivities.class);
  private final NotifyActivities notify = Workflow.newActivityStub(NotifyActivities.class);

  private Readiness last;
  private boolean wake;

  @Override
  public void run(String service, long everyMillis, Readiness carried) {
    last = carried;
    ServiceSpec spec = topology.describeService(service);
    for (int i = 0; i < EVALUATIONS_PER_RUN; i++) {
      evaluate(spec);
      Workflow.await(Duration.ofMillis(everyMillis), () -> wake);
      wake = false;
      if (Workflow.getInfo().isContinueAsNewSuggested()) {
        break;
      }
    }
    Workflow.continueAsNew(service, everyMillis, last);
  }

  private void evaluate(ServiceSpec spec) {
    ServiceState state;
    ReadinessFacts facts;
    try {
      state = services.current(spec.name());
      facts = reads.gather(spec.name());
    } catch (ActivityFailure e) {
      // The next tick reads again; the last evaluation stands meanwhile.
      log.warn("readiness of {} could not be read: {}", spec.name(), e.getMessage());
      return;
    }
    long count = last == null ? 1 : last.evaluations() + 1;
    Readiness now = ReadinessRules.evaluate(spec, state, facts, count);
    boolean turnedFailing =
        now.status() == ReadinessStatus.FAILING
            && (last == null || last.status() != ReadinessStatus.FAILING);
    boolean recovered =
        last != null
            && last.status() == ReadinessStatus.FAILING
            && now.status() != ReadinessStatus.FAILING;
    last = now;
    if (turnedFailing || recovered) {
      post(
          spec.name(),
          (turnedFailing ? ":warning: " : ":white_check_mark: ")
              + spec.name()
              + " readiness "
              + now.summary());
    }
  }

  private void post(String service, String text) {
    try {
      notify.post(service, text);
    } catch (ActivityFailure e) {
      // The state, the API and the metrics still say it; a chat that cannot be reached must not
      // stop the evaluations.
      log.warn("readiness of {}: could not post: {}", service, e.getMessage());
    }
  }

  @Override
  public Readiness readiness() {
    return last;
  }

  @Override
  public void evaluateNow() {
    wake = true;
  }
}
