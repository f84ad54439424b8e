package dev.standby.model.runbook;

/**
 * A person saying a manual step is done: the argument of the {@code acknowledge} signal, so the
 * history records who acknowledged which step and when.
 *
 * @param atMillis by the caller's clock (the history has the server's time too)
 */
public record Acknowledgement(String step, String by, Long atMillis, String comment) {}
