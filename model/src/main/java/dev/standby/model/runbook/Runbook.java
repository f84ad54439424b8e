package dev.standby.model.runbook;

import java.util.List;

/**
 * A runbook as the engine runs it: loaded and checked from {@code runbooks/<name>.yaml} by the API,
 * then handed whole to the runbook workflow, so the run's history holds exactly the plan that was
 * followed.
 *
 * @param procedure the response, in order; consecutive steps with the same {@code group} run in
 *     parallel
 * @param rollback run, in order, when a procedure step fails
 */
public record Runbook(
    String name,
    String title,
    String service,
    String description,
    List<Scenario> scenarios,
    List<RunbookStep> procedure,
    List<RunbookStep> rollback,
    List<PostIncidentTask> postIncident,
    CommunicationPlan communication,
    List<EscalationLevel> escalation) {

  public Runbook {
    scenarios = scenarios == null ? List.of() : List.copyOf(scenarios);
    procedure = procedure == null ? List.of() : List.copyOf(procedure);
    rollback = rollback == null ? List.of() : List.copyOf(rollback);
    postIncident = postIncident == null ? List.of() : List.copyOf(postIncident);
    escalation = escalation == null ? List.of() : List.copyOf(escalation);
  }

  /** When the runbook applies: what people see, how bad it is, the objectives it must meet. */
  public record Scenario(
      String name, String severity, long rtoMillis, long rpoMillis, List<String> triggers) {}

  /** Work left for after the incident; it goes into the post-mortem draft as an action item. */
  public record PostIncidentTask(String task, String owner, String due) {}
}
