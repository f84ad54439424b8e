package dev.standby.model.drill;

import java.util.List;
import java.util.Map;

/**
 * What the drill's write load saw, and which acknowledged writes the target's database does not
 * have.
 *
 * @param stoppedBy why the load ended
 * @param firstTargetAckAtMillis when the first write acknowledged by the target site through the
 *     front door came back
 * @param lost acknowledged writes missing from the target's database after promotion
 * @param lostKeys their sequence numbers (at most 100)
 * @param lastSurvivingAckBeforeLossMillis the last acknowledgement, before the first lost one,
 *     whose write survived
 * @param journalPath the file with every acknowledgement: {@code
 *     seq,site,sentAtMillis,ackedAtMillis}
 */
public record WriteLoadReport(
    long acknowledged,
    long refused,
    Map<String, Long> acknowledgedBySite,
    StoppedBy stoppedBy,
    String guardDetail,
    Long firstTargetAckAtMillis,
    Long lastSourceAckAtMillis,
    long lost,
    List<Long> lostKeys,
    Long firstLostAckAtMillis,
    Long lastLostAckAtMillis,
    Long lastSurvivingAckBeforeLossMillis,
    long startedAtMillis,
    long endedAtMillis,
    String journalPath) {

  /** Why a write load ended; the names are the JSON the drill's result and report carry. */
  public enum StoppedBy {
    /** The target served for the settle time. */
    SETTLED,
    /** A stop condition fired. */
    GUARD,
    /** Its longest time ran out first. */
    MAX_DURATION
  }

  /**
   * The span of acknowledged writes that were lost: from the last one kept before the loss to the
   * last one lost.
   */
  public long lossWindowMillis() {
    if (lost == 0 || lastLostAckAtMillis == null) {
      return 0;
    }
    long from =
        lastSurvivingAckBeforeLossMillis != null
            ? lastSurvivingAckBeforeLossMillis
            : firstLostAckAtMillis;
    return Math.max(0, lastLostAckAtMillis - from);
  }
}
