package dev.standby.model.failback;

import dev.standby.model.StepRecord;
import dev.standby.model.database.ResyncResult;
import dev.standby.model.failover.DataLossEvidence;

import java.util.List;
import java.util.Map;

/**
 * How a failback ended.
 *
 * @param outcome COMPLETED (traffic and the database are home), ROLLED_BACK (a gate failed and the weights
 *     stepped back down), or ABORTED (an operator asked, the weights stepped back down)
 * @param switchover the planned switchover's evidence (null when the database did not move)
 * @param switchback the switchover back, when a rollback or an abort came after the database had moved
 */
public record FailbackResult(
    String service,
    String targetSite,
    String fromSite,
    String outcome,
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

  public static final String COMPLETED = "COMPLETED";
  public static final String ROLLED_BACK = "ROLLED_BACK";
  public static final String ABORTED = "ABORTED";
}
