package dev.standby.api;

import dev.standby.model.service.Admission;
import dev.standby.model.service.AdmissionRequest;
import dev.standby.model.service.OperationReport;
import dev.standby.model.service.ServiceRunRequest;
import dev.standby.model.service.ServiceState;
import dev.standby.workflows.service.ServiceWorkflow;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for {@code service/<name>} on the shared worker: answers {@code state} with the state
 * the test started it with (see {@link TestServices}), admits every run, and remembers the {@code
 * watch} signals it got. The real service workflow needs the lab; the API tests check what the API
 * reads from it and sends to it.
 */
public class SettableService implements ServiceWorkflow {
  /** A {@code watch} signal as the stand-in received it. */
  public record Watch(String service, boolean on) {}

  /** Every watch signal any stand-in received, in this JVM. */
  public static final List<Watch> WATCHES = new CopyOnWriteArrayList<>();

  private ServiceState state;

  @Override
  public void run(ServiceRunRequest request) {
    state = request.carried();
    Workflow.await(() -> false);
  }

  @Override
  public ServiceState state() {
    return state;
  }

  @Override
  public Admission admit(AdmissionRequest request) {
    return Admission.admit(state, null);
  }

  @Override
  public void validateAdmit(AdmissionRequest request) {}

  @Override
  public void finish(OperationReport report) {}

  @Override
  public void watch(boolean on) {
    if (!Workflow.isReplaying()) {
      WATCHES.add(new Watch(state.service(), on));
    }
    state = state.withWatching(on);
  }

  @Override
  public void reconcileNow() {}
}
