package dev.standby.model.drill;

import dev.standby.model.StepRecord;
import dev.standby.model.failback.FailbackResult;
import dev.standby.model.failover.FailoverResult;
import dev.standby.model.health.CheckResult;
import dev.standby.model.practice.PracticeReport;
import java.util.List;

/**
 * How a drill went.
 *
 * @param outcome how it ended; {@code reasons} say why it did not pass
 * @param rtoMillis from the fault (chaos) or the failover's start (simulated) to the first write
 *     the target served through the front door; null when not measured
 * @param tabletop per step of a tabletop drill: estimated against taken
 * @param reportLocation where the report was written (a folder or an object store URI)
 * @param practice a practice drill's clone, isolated app, measurements and proof that production
 *     was left as it was; null for the other types
 * @param sites a failover drill's figures per site (the target's RTO and RPO, each other standby's
 *     position and re-pointing, backup-only sites); empty when it never failed over
 */
public record DrillResult(
    String service,
    DrillType type,
    FaultKind fault,
    Outcome outcome,
    List<String> reasons,
    String sourceSite,
    String targetSite,
    long startedAtMillis,
    long completedAtMillis,
    DrillObjectives.Resolved objectives,
    Long rtoMillis,
    Long rpoLostWrites,
    Long rpoWindowMillis,
    FaultRecord faultInjected,
    FailoverResult failover,
    WriteLoadReport writeLoad,
    List<CheckResult> checks,
    List<TableComparison> consistency,
    FailbackResult failback,
    List<TabletopOutcome> tabletop,
    List<StepRecord> steps,
    String workflowId,
    String runId,
    String reportLocation,
    PracticeReport practice,
    List<DrillSiteReport> sites) {

  public DrillResult {
    sites = sites == null ? List.of() : List.copyOf(sites);
  }

  /** How a drill ended; the names are the JSON the API, the report and the runs show. */
  public enum Outcome {
    /** Every step ran and every objective was met. */
    PASSED,
    /** An objective was missed or a step failed. */
    FAILED,
    /** A stop condition fired or an operator stopped it; the service was restored. */
    ABORTED,
    /** It did not start: a blackout window. */
    SKIPPED
  }

  /** A table on the promoted database compared with the snapshot taken before the drill. */
  public record TableComparison(
      String table,
      long snapshotRows,
      String snapshotChecksum,
      long targetRows,
      String targetChecksum,
      boolean matches) {}

  /**
   * A tabletop step: estimated against taken, and who acknowledged it (null when nobody did in
   * time).
   */
  public record TabletopOutcome(
      String name,
      String owner,
      long estimatedMillis,
      Long takenMillis,
      String acknowledgedBy,
      String note) {}

  /**
   * The name a run's report and write-load journal are filed under: one per run, readable in a
   * folder listing.
   */
  public static String reportKey(String workflowId, String runId) {
    return fileName(workflowId + "-" + runId);
  }

  /**
   * {@code name} as one file or folder name: every character but letters, digits, '.', '_' and '-'
   * becomes '_'.
   */
  public static String fileName(String name) {
    return name.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  public DrillResult withReport(String location) {
    return new DrillResult(
        service,
        type,
        fault,
        outcome,
        reasons,
        sourceSite,
        targetSite,
        startedAtMillis,
        completedAtMillis,
        objectives,
        rtoMillis,
        rpoLostWrites,
        rpoWindowMillis,
        faultInjected,
        failover,
        writeLoad,
        checks,
        consistency,
        failback,
        tabletop,
        steps,
        workflowId,
        runId,
        location,
        practice,
        sites);
  }
}
