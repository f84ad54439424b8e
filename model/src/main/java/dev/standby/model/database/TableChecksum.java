package dev.standby.model.database;

/**
 * Rows of a table up to a key, counted and checksummed (md5 of the rows in key order).
 *
 * @param maxKey the highest key counted: later checks count up to the same key, so rows written
 *     since do not count
 */
public record TableChecksum(
    String table, String keyColumn, long rows, String checksum, Long maxKey) {}
