package dev.standby.model.practice;

/**
 * Real requests (the drill's write, else the health check) sent to the isolated app.
 *
 * @param firstServedAtMillis when the first one was answered with 2xx, or null when none was
 */
public record IsolatedServing(
    String url, int requests, int served, Long firstServedAtMillis, String detail) {}
