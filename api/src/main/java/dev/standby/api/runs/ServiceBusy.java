package dev.standby.api.runs;

/**
 * The 409 answer to a start while another operation holds the service: the error, and that
 * operation (its kind, workflow id, who asked, its UI link).
 */
public record ServiceBusy(String error, String service, RunningOperation running) {}
