package dev.standby.model.database;

/**
 * What {@code DatabaseHostActivities.isolate} did to a database believed lost, so that it cannot
 * come back as a writable primary.
 *
 * @param killed server processes ended (SIGKILL: works on a frozen, SIGSTOPped server too)
 * @param standbySignal a {@code standby.signal} was written: if anything restarts it, it starts
 *     read-only, in recovery
 * @param how what was done, for the run's timeline
 */
public record IsolationResult(String site, int killed, boolean standbySignal, String how) {}
