package dev.standby.model;

import java.util.List;
import java.util.Map;

/**
 * What the {@code progress} query answers: the current step, the timeline so far and, where it
 * applies, the traffic weights the workflow last set or measured.
 */
public record Progress(
    String kind,
    String service,
    String state,
    String currentStep,
    List<StepRecord> timeline,
    Map<String, Integer> weights) {}
