package dev.standby.model.drill;

/** One step of a tabletop drill: what to do, who does it and how long it should take. */
public record TabletopStep(String name, String owner, long estimatedMillis) {}
