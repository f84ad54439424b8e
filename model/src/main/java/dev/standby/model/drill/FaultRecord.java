package dev.standby.model.drill;

/** A fault injected or cleared: where, what, and when it took effect (epoch millis). */
public record FaultRecord(String site, FaultKind kind, long atMillis, String detail) {}
