package dev.standby.model.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rules a drill request must meet before the API starts it or the workflow changes anything.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DrillRequestTest {
  private static final TabletopStep DECLARE =
      new TabletopStep("declare the incident", "on-call", 60_000);

  @Test
  void requestsThatFitHaveNoProblem() {
    assertThat(DrillRequest.problem(DrillRequest.chaos("payments", FaultKind.KILL_DB))).isNull();
    assertThat(DrillRequest.problem(DrillRequest.chaos("payments", null))).isNull();
    assertThat(
            DrillRequest.problem(
                DrillRequest.simulated("payments")
                    .withObjectives(new DrillObjectives("tier-1", "tier-2", null, null))))
        .isNull();
    assertThat(
            DrillRequest.problem(
                DrillRequest.tabletop(
                    "payments",
                    List.of(DECLARE, new TabletopStep("fail over the database", "dba", 600_000)))))
        .isNull();
    assertThat(
            DrillRequest.problem(
                DrillRequest.scheduled("payments", DrillType.SIMULATED, null, "@daily")))
        .isNull();
    assertThat(
            DrillRequest.problem(
                DrillRequest.chaos("payments", FaultKind.ADD_LATENCY)
                    .withStop(new StopConditions(0.5, 2_000L), 3)))
        .isNull();
  }

  @Test
  void aDrillNeedsAServiceAndAType() {
    assertThat(DrillRequest.problem(null)).isEqualTo("drill request: 'service' is required");
    assertThat(DrillRequest.problem(DrillRequest.simulated(null)))
        .isEqualTo("drill request: 'service' is required");
    assertThat(DrillRequest.problem(DrillRequest.simulated("  ")))
        .isEqualTo("drill request: 'service' is required");
    assertThat(DrillRequest.problem(DrillRequest.scheduled("payments", null, null, "@daily")))
        .isEqualTo("drill request: 'type' is required (TABLETOP, SIMULATED, CHAOS or PRACTICE)");
  }

  @Test
  void objectivesMustNameARealTier() {
    assertThat(
            DrillRequest.problem(
                DrillRequest.simulated("payments")
                    .withObjectives(new DrillObjectives("tier-9", null, null, null))))
        .isEqualTo(
            "drill request: objectives.rtoTier 'tier-9' is not one of [tier-1, tier-2, tier-3, tier-4]");
    assertThat(
            DrillRequest.problem(
                DrillRequest.simulated("payments")
                    .withObjectives(new DrillObjectives(null, null, 0L, null))))
        .isEqualTo("drill request: objectives.rtoMillis must be positive, found 0");
  }

  @Test
  void aTabletopNeedsStepsWithUniqueNamesAndPositiveEstimates() {
    String needsSteps =
        "drill request: a tabletop drill needs 'steps' (name, owner, estimatedMillis)";
    assertThat(DrillRequest.problem(DrillRequest.tabletop("payments", null))).isEqualTo(needsSteps);
    assertThat(DrillRequest.problem(DrillRequest.tabletop("payments", List.of())))
        .isEqualTo(needsSteps);
    assertThat(
            DrillRequest.problem(DrillRequest.tabletop("payments", Arrays.asList(DECLARE, null))))
        .isEqualTo("drill request: steps[1].name is required");
    assertThat(
            DrillRequest.problem(
                DrillRequest.tabletop("payments", List.of(new TabletopStep(" ", "dba", 1)))))
        .isEqualTo("drill request: steps[0].name is required");
    assertThat(DrillRequest.problem(DrillRequest.tabletop("payments", List.of(DECLARE, DECLARE))))
        .isEqualTo("drill request: steps[1].name 'declare the incident' is used twice");
    assertThat(
            DrillRequest.problem(
                DrillRequest.tabletop(
                    "payments", List.of(DECLARE, new TabletopStep("restore", "dba", 0)))))
        .isEqualTo("drill request: steps[1].estimatedMillis must be positive");
  }

  @Test
  void stepsAreForTabletopsAndFaultsForChaos() {
    assertThat(
            DrillRequest.problem(
                new DrillRequest(
                    "payments",
                    DrillType.CHAOS,
                    null,
                    null,
                    null,
                    List.of(DECLARE),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null)))
        .isEqualTo("drill request: 'steps' are for tabletop drills only");
    assertThat(
            DrillRequest.problem(
                DrillRequest.scheduled(
                    "payments", DrillType.SIMULATED, FaultKind.KILL_DB, "@daily")))
        .isEqualTo("drill request: 'fault' is for chaos drills only");
    assertThat(
            DrillRequest.problem(
                new DrillRequest(
                    "payments",
                    DrillType.TABLETOP,
                    FaultKind.STOP_APP,
                    null,
                    null,
                    List.of(DECLARE),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null)))
        .isEqualTo("drill request: 'fault' is for chaos drills only");
  }

  @Test
  void aStopConditionNeedsItsRateAndItsWindow() {
    String both = "drill request: stop needs both maxErrorRate and windowMillis";
    assertThat(
            DrillRequest.problem(
                DrillRequest.chaos("payments", null).withStop(new StopConditions(0.5, null), null)))
        .isEqualTo(both);
    assertThat(
            DrillRequest.problem(
                DrillRequest.chaos("payments", null)
                    .withStop(new StopConditions(null, 2_000L), null)))
        .isEqualTo(both);
    assertThat(
            DrillRequest.problem(
                DrillRequest.chaos("payments", null).withStop(StopConditions.NONE, null)))
        .isNull();
  }
}
