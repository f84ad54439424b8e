package dev.standby.model.failback;

import dev.standby.model.StepRecord;
import java.util.List;
import java.util.Map;

/**
 * What the failback's {@code progress} query answers.
 *
 * @param state RUNNING, PAUSED, AWAITING_APPROVAL, HELD (after a failed gate, waiting for a
 *     person), ROLLING_BACK, ABORTING, then COMPLETED, ROLLED_BACK, ABORTED or FAILED
 * @param configuredSteps the target's percentages, in order
 * @param measurements every step so far with its measured split
 */
public record FailbackProgress(
    String service,
    String targetSite,
    String state,
    String currentStep,
    List<Integer> configuredSteps,
    Map<String, Integer> weights,
    Integer awaitingApprovalAt,
    String gateFailure,
    List<StepMeasurement> measurements,
    List<StepRecord> timeline) {}
