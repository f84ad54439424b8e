package dev.standby.api.drill;

import dev.standby.api.validation.Name;
import dev.standby.model.drill.DrillType;
import dev.standby.model.drill.FaultKind;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /schedules}: a service's drill on a cron expression (five fields) or
 * Temporal's {@code @every 10m} / {@code @daily} forms. A tabletop needs people and is never
 * scheduled.
 */
public record CreateSchedule(
    @NotNull(message = "is required") @Name String service,
    @NotBlank(message = "is required")
        @Size(max = 200)
        @Pattern(
            regexp = "(@\\S+( \\S+)?)|(\\S+( \\S+){4})",
            message = "must be five cron fields or @every/@daily/...")
        String cron,
    @NotNull(message = "is required (SIMULATED, CHAOS or PRACTICE)") DrillType type,
    FaultKind fault,
    @Size(max = 200) String note) {}
