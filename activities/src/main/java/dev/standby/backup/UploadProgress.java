package dev.standby.backup;

/**
 * What an upload heartbeats: the multipart upload's id (so a retry after a worker crash resumes it)
 * and the bytes sent so far, of how many. Never anything secret: heartbeat details are stored by
 * Temporal, and the API shows them to viewers as the upload's progress.
 *
 * @param target the backup target the upload goes to ({@code s3})
 * @param totalBytes the object's size; null for a dump, whose size is known only once it ends
 */
public record UploadProgress(
    String key, String uploadId, long bytes, String target, Long totalBytes) {}
