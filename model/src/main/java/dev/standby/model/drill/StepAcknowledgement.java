package dev.standby.model.drill;

/** A person saying a tabletop step is done: the step's name, who, and an optional note. */
public record StepAcknowledgement(String step, String by, String note) {}
