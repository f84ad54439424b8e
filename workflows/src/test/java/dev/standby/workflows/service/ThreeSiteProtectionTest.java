package dev.standby.workflows.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.model.database.DatabaseRole;
import dev.standby.model.database.ReplicationStatus;
import dev.standby.model.database.SiteObservation;
import dev.standby.model.service.ServiceState;
import dev.standby.model.service.SiteCondition;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * After a failover to site-b, the service is protected only once another replica streams from
 * site-b, caught up: not while site-c still follows the old primary, and never by the backup-only
 * site-d, however it replicates.
 */
@Timeout(10)
class ThreeSiteProtectionTest {
  private static final List<String> SITES = List.of("site-a", "site-b", "site-c", "site-d");
  private static final long RPO = 5_000;

  private static SiteObservation primary(String site) {
    return new SiteObservation(
        new ReplicationStatus(site, DatabaseRole.PRIMARY, "0/5", "0/5", null, null, false, null),
        null,
        false,
        null);
  }

  private static SiteObservation replica(
      String site, String upstream, boolean streaming, long lag) {
    return new SiteObservation(
        new ReplicationStatus(site, DatabaseRole.REPLICA, "0/5", "0/5", 1L, lag, false, null),
        upstream,
        streaming,
        null);
  }

  private static SiteObservation down(String site) {
    return new SiteObservation(
        new ReplicationStatus(
            site, DatabaseRole.UNREACHABLE, null, null, null, null, false, "down"),
        null,
        false,
        null);
  }

  private final ServiceState failedOverToB =
      ServiceState.initial("payments", "site-b", SITES, List.of("site-d"));

  @Test
  void aReplicaStillFollowingTheOldPrimaryDoesNotProtect() {
    ServiceState s =
        SiteWatch.apply(
                failedOverToB,
                List.of(
                    down("site-a"),
                    primary("site-b"),
                    replica("site-c", "site-a", false, 0),
                    replica("site-d", "site-b", true, 0)),
                RPO,
                1_000,
                false)
            .state();

    assertThat(s.protectedNow()).isFalse();
    assertThat(s.protection())
        .contains("site-c replica not streaming from site-b (follows site-a)");
    assertThat(s.site("site-d").condition()).isEqualTo(SiteCondition.BACKUP_ONLY);
  }

  @Test
  void protectedOnceTheRepointedReplicaStreamsFromTheNewPrimaryCaughtUp() {
    ServiceState lagging =
        SiteWatch.apply(
                failedOverToB,
                List.of(
                    down("site-a"), primary("site-b"), replica("site-c", "site-b", true, 9_000)),
                RPO,
                1_000,
                false)
            .state();
    assertThat(lagging.protectedNow()).as("streaming but not caught up").isFalse();

    ServiceState caughtUp =
        SiteWatch.apply(
                lagging,
                List.of(down("site-a"), primary("site-b"), replica("site-c", "site-b", true, 0)),
                RPO,
                2_000,
                false)
            .state();
    assertThat(caughtUp.protectedNow()).isTrue();
    assertThat(caughtUp.protection()).isEqualTo("site-c streams from site-b");
    assertThat(caughtUp.failoverTarget()).isEqualTo("site-c");
  }
}
