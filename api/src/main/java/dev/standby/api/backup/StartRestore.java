package dev.standby.api.backup;

import dev.standby.api.validation.Name;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * The body of {@code POST /restores}: prove a backup by restoring it into a scratch PostgreSQL.
 *
 * @param backupId optional; the newest when left out
 * @param fromTarget optional; the target to fetch from first (the others are fallbacks)
 */
public record StartRestore(
    @NotNull(message = "is required") @Name String service,
    @Pattern(
            regexp = "\\d{8}T\\d{6}Z-[0-9a-z]+",
            message = "is not a backup id (e.g. 20261124T020000Z-1a2b3c4d)")
        String backupId,
    @Name String fromTarget) {}
