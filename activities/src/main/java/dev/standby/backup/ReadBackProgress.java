package dev.standby.backup;

/**
 * What reading a stored copy back heartbeats (verifying it, or fetching it for a restore): the
 * bytes read so far of the copy's size. The API shows it to viewers as the activity's progress.
 */
public record ReadBackProgress(String target, long bytes, long totalBytes) {}
