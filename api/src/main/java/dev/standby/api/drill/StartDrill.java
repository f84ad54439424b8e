package dev.standby.api.drill;

import dev.standby.api.validation.Name;
import dev.standby.model.drill.DrillObjectives;
import dev.standby.model.drill.DrillRequest;
import dev.standby.model.drill.DrillType;
import dev.standby.model.drill.FaultKind;
import dev.standby.model.drill.StopConditions;
import dev.standby.model.drill.TabletopStep;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The body of {@code POST /drills}, e.g. {@code
 * {"service":"payments","type":"CHAOS","fault":"KILL_DB"}}. What is left out comes from the
 * worker's topology. What does not fit (steps on a chaos drill, an unknown tier) is refused with
 * 422 by {@link DrillRequest#problem}, the rules the workflow itself applies.
 */
public record StartDrill(
    @NotNull(message = "is required") @Name String service,
    @NotNull(message = "is required (TABLETOP, SIMULATED, CHAOS or PRACTICE)") DrillType type,
    FaultKind fault,
    @Positive Long latencyMillis,
    DrillObjectives objectives,
    @Size(max = 100) List<TabletopStep> steps,
    @Positive Long stepTimeoutMillis,
    @DecimalMin("0") @DecimalMax("1") Double maxErrorRate,
    @Positive Long errorWindowMillis,
    @Positive Integer monitorFailureThreshold,
    Boolean failback,
    @Size(max = 1000) String reason) {

  DrillRequest toRequest(String requestedBy) {
    StopConditions stop =
        maxErrorRate == null && errorWindowMillis == null
            ? null
            : new StopConditions(maxErrorRate, errorWindowMillis);
    return new DrillRequest(
        service,
        type,
        fault,
        latencyMillis,
        objectives,
        steps,
        stepTimeoutMillis,
        stop,
        monitorFailureThreshold,
        failback,
        reason,
        requestedBy);
  }
}
