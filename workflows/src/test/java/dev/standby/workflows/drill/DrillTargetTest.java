package dev.standby.workflows.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.model.FailbackPolicy;
import dev.standby.model.NotifyPolicy;
import dev.standby.model.ServiceSpec;
import dev.standby.model.service.ServiceState;
import dev.standby.model.service.SiteCondition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class DrillTargetTest {
  private static final List<String> SITES = List.of("site-a", "site-b", "site-c", "site-d");
  private static final ServiceSpec SPEC =
      new ServiceSpec(
          "payments",
          SITES,
          "site-a",
          30_000,
          5_000,
          1_000,
          3,
          20,
          FailbackPolicy.DEFAULTS,
          NotifyPolicy.DEFAULTS,
          List.of(),
          Map.of("site-b", 40, "site-c", 80, "site-d", 100),
          List.of("site-d"));

  private static ServiceState state() {
    return ServiceState.initial("payments", "site-a", SITES, List.of("site-d"));
  }

  @Test
  void theHealthyStandbyWithTheHighestPriorityNeverTheBackupOnlySite() {
    assertThat(DrillTarget.choose(SPEC, state())).isEqualTo("site-c");
  }

  @Test
  void aStandbyThatIsNotStreamingWithinTheRpoGivesWayToOneThatIs() {
    ServiceState s =
        state().withSite(state().site("site-c").withCondition(SiteCondition.DEGRADED, "lags"));

    assertThat(DrillTarget.choose(SPEC, s)).isEqualTo("site-b");
  }
}
