package dev.standby.model.failover;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailoverRequestTest {
  @Test
  void aPlannedRequestWithServiceAndTargetCanStart() {
    assertThat(
            FailoverRequest.problem(FailoverRequest.planned("payments", "site-b", "maintenance")))
        .isNull();
  }

  @Test
  void eachMissingFieldIsNamed() {
    assertThat(FailoverRequest.problem(null)).isEqualTo("failover request: 'service' is required");
    assertThat(FailoverRequest.problem(FailoverRequest.planned(" ", "site-b", null)))
        .isEqualTo("failover request: 'service' is required");
    assertThat(FailoverRequest.problem(FailoverRequest.planned("payments", " ", null)))
        .isEqualTo(
            "failover request: 'targetSite' is blank (leave it out to take the best standby)");
  }

  @Test
  void aTargetMayBeLeftToTheService() {
    assertThat(FailoverRequest.problem(FailoverRequest.planned("payments", null, null))).isNull();
  }

  @Test
  void aSiteCannotFailOverToItself() {
    FailoverRequest request =
        new FailoverRequest("payments", "site-b", FailoverMode.PLANNED, "site-b", null, null, null);
    assertThat(FailoverRequest.problem(request))
        .isEqualTo("failover request: sourceSite and targetSite are both 'site-b'");
  }

  @Test
  void anUnsetModeMeansPlanned() {
    assertThat(new FailoverRequest("payments", "site-b", null, null, null, null, null).mode())
        .isEqualTo(FailoverMode.PLANNED);
  }
}
