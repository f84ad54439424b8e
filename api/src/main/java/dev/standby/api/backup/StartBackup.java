package dev.standby.api.backup;

import dev.standby.api.validation.Name;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /backups}: targets, key and retention come from the worker's topology.
 */
public record StartBackup(
    @NotNull(message = "is required") @Name String service, @Size(max = 500) String reason) {}
