package dev.standby.model.failback;

import dev.standby.model.StepRecord;
import dev.standby.model.database.ResyncResult;
import dev.standby.model.failover.DataLossEvidence;
import java.util.List;
import java.util.Map;

/**
 * How a failback ended.
 *
 * @param outcome how it ended; its JSON value is the constant's name
 * @param switchover the planned switchover's evidence (null when the database did not move)
 * @param switchback the switchover back, when a rollback or an abort came after the database had
 *     moved
 */
public record FailbackResult(
    String service,
    String targetSite,
    String fromSite,
    Outcome outcome,
    String gateFailure,
    ResyncResult resync,
    DataLossEvidence switchover,
    ResyncResult reseededStandby,
    Map<String, Integer> weights,
    List<StepMeasurement> measurements,
    List<StepRecord> steps,
    long startedAtMillis,
    long completedAtMillis,
    DataLossEvidence switchback) {

  public enum Outcome {
    /** Traffic and the database are home. */
    COMPLETED,
    /** A gate failed, and the weights stepped back down. */
    ROLLED_BACK,
    /** An operator asked, and the weights stepped back down. */
    ABORTED
  }
}
