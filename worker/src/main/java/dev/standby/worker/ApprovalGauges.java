package dev.standby.worker;

import dev.standby.model.approval.ApprovalAsk;
import dev.standby.model.approval.MessageRef;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Approvals as the notifier sees them: {@code standby_approval_requests_total{service}}, {@code
 * standby_approval_escalations_total{service,level}}, {@code standby_approvals_waiting{service}},
 * and per waiting approval {@code standby_approval_waiting_level{service,workflow_id,step}} beside
 * the service's {@code standby_approval_last_level{service}} (how many levels its topology asks).
 *
 * <p>An approval waits from its ask until the gate updates the ask's message with the decision, or
 * its run ends ({@link OperationGauges} tells us), or the same run asks for another step (a gate
 * asks one step at a time). A worker restarted mid-wait learns of the approval again at its next
 * escalation.
 */
final class ApprovalGauges {
  private record Waiting(String service, String workflowId, String step) {}

  private final MeterRegistry registry;
  private final Map<Waiting, Integer> waiting = new ConcurrentHashMap<>();
  private final Map<MessageRef, Waiting> asks = new ConcurrentHashMap<>();
  private final Map<String, Boolean> services = new ConcurrentHashMap<>();
  private final GaugeFamily levels;
  private final GaugeFamily lastLevels;

  ApprovalGauges(MeterRegistry registry) {
    this.registry = registry;
    this.levels =
        new GaugeFamily(
            registry,
            "standby.approval.waiting.level",
            "Contact level a waiting approval has reached (1: first ask)",
            "service",
            "workflow_id",
            "step");
    this.lastLevels =
        new GaugeFamily(
            registry,
            "standby.approval.last.level",
            "How many contact levels the service's approvals escalate through",
            "service");
  }

  /** A service of the topology, with its number of contact levels: its series start at zero. */
  void service(String service, int contactLevels) {
    lastLevels.set(contactLevels, service);
    known(service);
  }

  void asking(ApprovalAsk ask) {
    known(ask.service());
    Waiting key = new Waiting(ask.service(), ask.workflowId(), ask.step());
    // a retried ask activity is the same request
    if (waiting.containsKey(key)) {
      return;
    }
    waiting.keySet().removeIf(w -> w.workflowId().equals(ask.workflowId()));
    levels.present().stream()
        .filter(l -> l.get(1).equals(ask.workflowId()))
        .forEach(l -> levels.remove(l.toArray(String[]::new)));
    waiting.put(key, ask.level());
    levels.set(ask.level(), ask.service(), ask.workflowId(), ask.step());
    requests(ask.service()).increment();
  }

  void asked(ApprovalAsk ask, MessageRef message) {
    if (message != null) {
      asks.put(message, new Waiting(ask.service(), ask.workflowId(), ask.step()));
    }
  }

  void escalated(ApprovalAsk ask) {
    known(ask.service());
    Waiting key = new Waiting(ask.service(), ask.workflowId(), ask.step());
    Integer before = waiting.put(key, ask.level());
    levels.set(ask.level(), ask.service(), ask.workflowId(), ask.step());
    if (before == null || before < ask.level()) {
      escalations(ask.service(), ask.level()).increment();
    }
  }

  /** The gate rewrote the ask's message with its decision: the approval waits no more. */
  void decided(MessageRef message) {
    Waiting key = message == null ? null : asks.remove(message);
    if (key != null) {
      done(key);
    }
  }

  /** The run ended: none of its approvals waits any more. */
  void runEnded(String workflowId) {
    waiting.keySet().stream()
        .filter(w -> w.workflowId().equals(workflowId))
        .toList()
        .forEach(this::done);
    asks.values().removeIf(w -> w.workflowId().equals(workflowId));
  }

  private void done(Waiting key) {
    waiting.remove(key);
    levels.remove(key.service(), key.workflowId(), key.step());
  }

  private void known(String service) {
    if (services.putIfAbsent(service, true) == null) {
      Gauge.builder(
              "standby.approvals.waiting",
              waiting,
              w -> w.keySet().stream().filter(k -> k.service().equals(service)).count())
          .description("Approvals asked for and not decided yet")
          .tag("service", service)
          .register(registry);
      requests(service);
    }
  }

  private Counter requests(String service) {
    return Counter.builder("standby.approval.requests")
        .description("Approvals asked for")
        .tag("service", service)
        .register(registry);
  }

  private Counter escalations(String service, int level) {
    return Counter.builder("standby.approval.escalations")
        .description("Approvals escalated to the next contact level, by the level reached")
        .tag("service", service)
        .tag("level", Integer.toString(level))
        .register(registry);
  }
}
