package dev.standby.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.model.runbook.Runbook;
import dev.standby.model.runbook.RunbookAction;
import dev.standby.model.runbook.RunbookStep;
import dev.standby.topology.Topology;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RunbookLoaderTest {
  private static final Topology LAB = BrokenRunbooks.labTopology();

  @Test
  void theShippedRunbooksAreValidAgainstTheLabTopology() {
    List<LoadedRunbook> loaded = RunbookLoader.loadAll(BrokenRunbooks.SHIPPED, LAB);

    assertThat(loaded)
        .extracting(LoadedRunbook::name)
        .contains("database-corruption", "planned-migration", "primary-region-outage");
    assertThat(loaded).allSatisfy(r -> assertThat(r.messages()).as(r.name()).isEmpty());
  }

  @Test
  void aValidRunbookReadsIntoTheModelTheWorkflowRuns() {
    Runbook runbook =
        RunbookLoader.load(BrokenRunbooks.SHIPPED.resolve("primary-region-outage.yaml"), LAB)
            .runbook();

    assertThat(runbook.service()).isEqualTo("payments");
    assertThat(runbook.scenarios())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.severity()).isEqualTo("SEV1");
              assertThat(s.rtoMillis()).isEqualTo(30_000);
              assertThat(s.rpoMillis()).isEqualTo(5_000);
            });
    assertThat(runbook.procedure())
        .extracting(RunbookStep::id)
        .containsExactly(
            "confirm-primary-down",
            "check-standby-ready",
            "tell-support",
            "approve-failover",
            "failover-to-site-b",
            "confirm-payments-flow",
            "final-checks");
    RunbookStep failover = runbook.procedure().get(4);
    assertThat(failover.action()).isEqualTo(RunbookAction.FAILOVER);
    assertThat(failover.site()).isEqualTo("site-b");
    assertThat(failover.mode()).isEqualTo("unplanned");
    assertThat(failover.estimatedMillis()).isEqualTo(300_000);
    assertThat(failover.checks())
        .singleElement()
        .isEqualTo(new RunbookStep.RunbookCheck("serving", "site-b"));
    assertThat(failover.onOverrun()).isEqualTo(RunbookStep.ESCALATE);
    assertThat(runbook.procedure().subList(0, 3))
        .extracting(RunbookStep::group)
        .containsOnly("assess");
    assertThat(runbook.escalation())
        .extracting(l -> l.approvalLevel().timeoutSeconds())
        .containsExactly(600L, 600L, 1200L);
    assertThat(runbook.escalation().get(1).contacts()).containsExactly("U0SRELEAD", "S0SRETEAM");
    assertThat(runbook.communication().templates())
        .containsKeys("initial", "update", "resolution", "support", "rollback");
  }

  @ParameterizedTest
  @MethodSource("dev.standby.runbook.BrokenRunbooks#broken")
  void aBrokenRunbookReportsEveryProblemAtOnceWithFileLineAndColumn(Path file) {
    LoadedRunbook loaded = RunbookLoader.load(file, LAB);

    assertThat(loaded.valid()).isFalse();
    assertThat(loaded.runbook()).as("nothing half-checked is handed out").isNull();
    assertThat(loaded.messages())
        .containsExactlyElementsOf(BrokenRunbooks.expectation(file).messages());
  }
}
