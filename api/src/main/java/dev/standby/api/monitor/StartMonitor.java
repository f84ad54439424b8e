package dev.standby.api.monitor;

import dev.standby.api.validation.Name;
import jakarta.validation.constraints.NotNull;

/**
 * The body of {@code POST /monitors}: the watched site and thresholds come from the worker's
 * topology.
 */
public record StartMonitor(@NotNull(message = "is required") @Name String service) {}
