package dev.standby.model.health;

/** An integration check: a GET of {@code path} on a site's app must answer {@code expectStatus}. */
public record HttpCheck(String name, String path, int expectStatus) {}
