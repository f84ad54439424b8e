package dev.standby.model.backup;

/**
 * One try at restoring from one copy: {@code outcome} is {@code restored} or the failure type that
 * made it move on.
 */
public record RestoreAttempt(String target, String outcome, String error) {}
