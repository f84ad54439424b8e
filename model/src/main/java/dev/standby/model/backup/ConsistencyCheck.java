package dev.standby.model.backup;

/** One check of a restored database, e.g. {@code rows public.orders}: expected 1200, found 1200. */
public record ConsistencyCheck(String name, boolean passed, String detail) {}
