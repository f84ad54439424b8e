package dev.standby.model.health;

/** What an integration check got: the status, or the error when the app did not answer. */
public record CheckResult(
    String name, String url, int status, boolean passed, long latencyMillis, String detail) {}
