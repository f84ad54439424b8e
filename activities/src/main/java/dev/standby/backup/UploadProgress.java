package dev.standby.backup;

/**
 * What an upload heartbeats: the multipart upload's id (so a retry after a worker crash resumes it)
 * and the bytes sent so far. Never anything secret: heartbeat details are stored by Temporal.
 */
public record UploadProgress(String key, String uploadId, long bytes) {}
