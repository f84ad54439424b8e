package dev.standby.adapters.postgres;

import static dev.standby.adapters.postgres.PostgresDatabaseAdapterTest.connect;
import static dev.standby.adapters.postgres.PostgresDatabaseAdapterTest.insertOrder;
import static dev.standby.adapters.postgres.PostgresDatabaseAdapterTest.lsn;
import static dev.standby.adapters.postgres.PostgresDatabaseAdapterTest.millisSince;
import static dev.standby.adapters.postgres.PostgresDatabaseAdapterTest.missingOrders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.standby.adapters.postgres.PostgresDatabaseAdapterTest.Writer;
import dev.standby.lab.LabExtension;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.database.DatabaseRole;
import dev.standby.model.database.FenceResult;
import dev.standby.model.database.PromotionResult;
import dev.standby.model.database.ReplicationStatus;
import dev.standby.topology.ServiceTopology;
import dev.standby.topology.ServiceTopology.Database;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adapter's promotion and a killed database, against the lab's real PostgreSQL pair. Neither
 * can be undone in a lab, so every test gets a fresh one (an instance-field extension, about 2 s
 * each).
 */
class PostgresSwitchoverTest {
  private static final Logger log = LoggerFactory.getLogger(PostgresSwitchoverTest.class);
  @RegisterExtension final LabExtension lab = LabExtension.withoutTemporal();
  final PostgresDatabaseAdapter adapter = new PostgresDatabaseAdapter();
  Database a;
  Database b;

  @BeforeEach
  void sites() {
    ServiceTopology payments = lab.get().topology().service("payments");
    a = payments.site("site-a").database();
    b = payments.site("site-b").database();
  }

  @Test
  void aPlannedSwitchoverUnderWritesLosesNothing() throws Exception {
    Writer writer = new Writer(a);
    writer.start();
    writer.awaitAcknowledged(20);

    long t0 = System.nanoTime();
    FenceResult fence = adapter.fence("site-a", a);
    long t1 = System.nanoTime();
    ReplicationStatus caughtUp =
        adapter.awaitReplay("site-b", b, fence.finalLsn(), Duration.ofSeconds(30));
    long t2 = System.nanoTime();
    long beforePromote = System.currentTimeMillis();
    PromotionResult promotion = adapter.promote("site-b", b);
    long afterPromote = System.currentTimeMillis();
    long t3 = System.nanoTime();
    writer.stop();
    log.info(
        "MEASURED planned switchover under writes: fence {} ms, await replay {} ms, promote {} ms "
            + "({} orders acknowledged by site-a, final LSN {}, replayed {}, timeline {})",
        (t1 - t0) / 1_000_000,
        (t2 - t1) / 1_000_000,
        (t3 - t2) / 1_000_000,
        writer.acknowledged.size(),
        fence.finalLsn(),
        caughtUp.replayLsn(),
        promotion.timeline());

    assertThat(promotion.promoted()).isTrue();
    assertThat(promotion.timeline()).isEqualTo(2);
    assertThat(lsn(promotion.replayLsn())).isGreaterThanOrEqualTo(lsn(fence.finalLsn()));
    assertThat(promotion.lastReplayedCommitMillis()).isNotNull();
    assertThat(promotion.promotedAtMillis())
        .as("stamped by this promote call")
        .isBetween(beforePromote, afterPromote);
    assertThat(adapter.status("site-b", b).role()).isEqualTo(DatabaseRole.PRIMARY);
    try (Connection promoted = connect(b)) {
      assertThat(missingOrders(promoted, writer.acknowledged))
          .as("acknowledged on site-a, missing on site-b")
          .isEmpty();
    }
    insertOrder(b);
  }

  @Test
  void promotingAgainChangesNothingAndKeepsTheEvidence() throws Exception {
    insertOrder(a);
    FenceResult fence = adapter.fence("site-a", a);
    adapter.awaitReplay("site-b", b, fence.finalLsn(), Duration.ofSeconds(30));
    PromotionResult promotion = adapter.promote("site-b", b);
    assertThat(promotion.promoted()).as("promoted by the switchover").isTrue();

    PromotionResult again = adapter.promote("site-b", b);

    assertThat(again.promoted()).isFalse();
    assertThat(again.timeline()).isEqualTo(promotion.timeline());
    assertThat(again.replayLsn())
        .as("the end of timeline 1, from the history file")
        .isEqualTo(promotion.replayLsn());
    assertThat(again.lastReplayedCommitMillis()).isEqualTo(promotion.lastReplayedCommitMillis());
    assertThat(again.promotedAtMillis())
        .as("the history file's time, to the second")
        .isBetween(promotion.promotedAtMillis() - 2_000, promotion.promotedAtMillis());

    ApplicationFailure notReplica =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> adapter.awaitReplay("site-b", b, "0/0", Duration.ofSeconds(1)));
    assertThat(notReplica.getType()).isEqualTo(FailureType.TARGET_NOT_REPLICA.type());
  }

  @Test
  void aKilledDatabaseIsReportedUnreachableFast() {
    lab.get().killDatabase("site-a");

    long started = System.nanoTime();
    ReplicationStatus dead = adapter.status("site-a", a);
    long statusMillis = millisSince(started);
    log.info("MEASURED status of a killed database answered in {} ms", statusMillis);

    assertThat(dead.role()).isEqualTo(DatabaseRole.UNREACHABLE);
    assertThat(dead.error()).contains("refused");
    assertThat(statusMillis).isLessThan(3_000);

    ApplicationFailure fence =
        catchThrowableOfType(ApplicationFailure.class, () -> adapter.fence("site-a", a));
    ApplicationFailure promote =
        catchThrowableOfType(ApplicationFailure.class, () -> adapter.promote("site-a", a));
    assertThat(fence.getType()).isEqualTo(Failures.UNREACHABLE);
    assertThat(fence.isNonRetryable()).isFalse();
    assertThat(promote.getType()).isEqualTo(Failures.UNREACHABLE);
    assertThat(promote.isNonRetryable()).isFalse();
    adapter.unfence("site-a", a); // compensation: does not throw
  }
}
