package dev.standby.model.runbook;

import java.util.List;

/**
 * One step of a procedure or a rollback.
 *
 * @param estimatedMillis how long the step should take; when it runs longer the next contact level
 *     is told
 * @param group steps next to each other with the same group run in parallel; null runs alone
 * @param site the site a failover, failback or health check is about; null: the service's primary
 *     when the step runs (a failover's target: its best standby)
 * @param expect for verify-health: healthy, ready (able to take over) or unhealthy
 * @param mode for failover: planned or unplanned
 * @param template for notify: the communication plan's template to post
 * @param checks run after the action; a failed check fails the step
 * @param onOverrun escalate (tell the next level each time the estimate passes again) or fail (the
 *     step fails when its estimate passes, after telling level 1)
 */
public record RunbookStep(
    String id,
    RunbookAction action,
    String details,
    String owner,
    long estimatedMillis,
    String group,
    String site,
    String expect,
    String mode,
    String template,
    List<RunbookCheck> checks,
    String onOverrun) {

  public static final String ESCALATE = "escalate";
  public static final String FAIL = "fail";

  public RunbookStep {
    checks = checks == null ? List.of() : List.copyOf(checks);
    onOverrun = onOverrun == null ? ESCALATE : onOverrun;
  }

  /**
   * A check run after a step: {@code healthy}, {@code ready} or {@code unhealthy} probe {@code
   * site}; {@code serving} sends real requests through the front door, all of which {@code site}
   * must answer. A null {@code site} is the service's primary when the check runs.
   */
  public record RunbookCheck(String check, String site) {
    public static final List<String> KINDS = List.of("healthy", "ready", "unhealthy", "serving");

    public String describe() {
      return check + " " + (site == null ? "the primary" : site);
    }
  }
}
