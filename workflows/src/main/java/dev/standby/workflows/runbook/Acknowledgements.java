package dev.standby.workflows.runbook;

import dev.standby.model.runbook.Acknowledgement;
import dev.standby.model.runbook.RunbookStep;
import dev.standby.workflows.comms.RunComms;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Manual steps: each waits until a person acknowledges it through the {@code acknowledge} signal,
 * which names the step and who. The first acknowledgement of a waiting step counts; one for a step
 * that is not waiting is ignored, so an acknowledgement meant for one step can never let another
 * through.
 */
final class Acknowledgements {
  private static final Logger log = Workflow.getLogger(Acknowledgements.class);

  private final List<String> waiting = new ArrayList<>();
  private final Map<String, Acknowledgement> received = new LinkedHashMap<>();

  void record(Acknowledgement ack) {
    if (ack == null || ack.step() == null || ack.by() == null || ack.by().isBlank()) {
      log.warn("Ignoring an acknowledgement without a step or an author: {}", ack);
    } else if (received.containsKey(ack.step())) {
      log.info("Ignoring a repeated acknowledgement of {} by {}", ack.step(), ack.by());
    } else if (!waiting.contains(ack.step())) {
      log.warn(
          "Ignoring an acknowledgement of {} by {}: that step is not waiting (waiting: {})",
          ack.step(),
          ack.by(),
          waiting);
    } else {
      received.put(ack.step(), ack);
    }
  }

  /** Waits for the step's acknowledgement, telling the channel who is expected to do what. */
  String await(RunbookStep step, RunComms comms) {
    waiting.add(step.id());
    comms.update(
        "waiting for "
            + step.owner()
            + " to do and acknowledge "
            + step.id()
            + (step.details() == null ? "" : ": " + step.details().trim()));
    try {
      Workflow.await(() -> received.containsKey(step.id()));
    } finally {
      waiting.remove(step.id());
    }
    Acknowledgement ack = received.get(step.id());
    return "acknowledged by "
        + ack.by()
        + (ack.comment() == null || ack.comment().isBlank() ? "" : " (" + ack.comment() + ")");
  }

  List<String> waiting() {
    return List.copyOf(waiting);
  }

  List<Acknowledgement> received() {
    return List.copyOf(received.values());
  }
}
