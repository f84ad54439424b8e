package dev.standby.model.database;

/**
 * A fenced primary and the WAL position after which it wrote nothing a client was told had
 * committed.
 */
public record FenceResult(String site, String finalLsn, boolean alreadyFenced) {}
