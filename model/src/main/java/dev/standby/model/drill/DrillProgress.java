package dev.standby.model.drill;

import dev.standby.model.StepRecord;

import java.util.List;

/**
 * What a drill's {@code progress} query answers.
 *
 * @param waitingFor the tabletop step waiting for its acknowledgement, or null
 * @param reportLocation where the report was written, once it was
 */
public record DrillProgress(String service, DrillType type, String state, String currentStep, List<StepRecord> timeline,
    String waitingFor, String reportLocation) {}
