package dev.standby.model.runbook;

import java.util.List;

/** A step ran past its estimate and contact level {@code level} was told. */
public record StepEscalation(String step, int level, long atMillis, List<String> contacts) {}
