package dev.standby.adapters.postgres;

import static dev.standby.adapters.postgres.PostgresDatabaseAdapterTest.connect;
import static dev.standby.adapters.postgres.PostgresDatabaseAdapterTest.insertOrder;
import static dev.standby.adapters.postgres.PostgresDatabaseAdapterTest.lsn;
import static dev.standby.adapters.postgres.PostgresDatabaseAdapterTest.missingOrders;
import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.lab.ExplicitWriter;
import dev.standby.lab.LabExtension;
import dev.standby.model.database.DatabaseRole;
import dev.standby.model.database.FenceResult;
import dev.standby.model.database.ReplicationStatus;
import dev.standby.model.database.ResyncResult;
import dev.standby.topology.ServiceTopology;
import dev.standby.topology.ServiceTopology.Database;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fence of a primary Standby controls (its {@code local} block): a clean stop, which no session
 * can walk through, not even one that asks for {@code BEGIN READ WRITE} after {@code SET
 * default_transaction_read_only = off}. A lab per test: the switchover cannot be undone.
 */
class StoppingFenceTest {
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
  void theFenceHoldsAgainstSessionsThatAskForReadWrite() throws Exception {
    ExplicitWriter writer = new ExplicitWriter(() -> connect(a));
    writer.start();
    try {
      writer.awaitAcknowledged(5);

      FenceResult fence = adapter.fence("site-a", a);
      adapter.awaitReplay("site-b", b, fence.finalLsn(), Duration.ofSeconds(30));
      adapter.promote("site-b", b);
      int ackedAtPromotion = writer.acknowledged.size();
      ResyncResult resync =
          adapter.resyncAsReplica("site-a", a, "site-b", b, Duration.ofSeconds(60));
      int attemptsAtResync = writer.attempts.get();
      Awaitility.await("ten more attempts on the old primary, now a replica")
          .atMost(Duration.ofSeconds(30))
          .until(() -> writer.attempts.get() >= attemptsAtResync + 10);
      writer.stop();

      assertThat(fence.alreadyFenced()).isFalse();
      assertThat(resync.method())
          .as("a clean stop needs no base backup")
          .isEqualTo(ResyncResult.Method.REWIND);
      try (Connection newPrimary = connect(b)) {
        assertThat(
                missingOrders(
                    newPrimary,
                    new ConcurrentLinkedQueue<>(
                        writer.acknowledged.stream().map(ExplicitWriter.Ack::seq).toList())))
            .as("committed and acknowledged by site-a, missing on site-b")
            .isEmpty();
      }
      for (ExplicitWriter.Ack ack : writer.acknowledged) {
        if (ack.lsnAfterCommit() != null) {
          assertThat(lsn(ack.lsnAfterCommit()))
              .as(
                  "order %d was acknowledged at %s, after the fence's final LSN %s",
                  ack.seq(), ack.lsnAfterCommit(), fence.finalLsn())
              .isLessThanOrEqualTo(lsn(fence.finalLsn()));
        }
      }
      assertThat(writer.acknowledged)
          .as("nothing acknowledged by site-a once site-b was promoted")
          .hasSize(ackedAtPromotion);
      try (Connection old = connect(a);
          Statement s = old.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT pg_is_in_recovery(), status, sender_port FROM pg_stat_wal_receiver")) {
        assertThat(rs.next()).as("site-a has a WAL receiver").isTrue();
        assertThat(rs.getBoolean(1)).as("site-a in recovery").isTrue();
        assertThat(rs.getString(2)).isEqualTo("streaming");
        assertThat(rs.getInt(3)).isEqualTo(lab.get().pgPort("site-b"));
      }
    } finally {
      writer.stop();
    }
  }

  @Test
  void fencingAgainReturnsTheSameLsnAndUnfencingStartsItAgainAsThePrimary() throws SQLException {
    insertOrder(a);

    FenceResult first = adapter.fence("site-a", a);
    FenceResult again = adapter.fence("site-a", a);

    assertThat(first.alreadyFenced()).isFalse();
    assertThat(again.alreadyFenced()).isTrue();
    assertThat(again.finalLsn()).isEqualTo(first.finalLsn());
    assertThat(adapter.status("site-a", a).role())
        .as("stopped")
        .isEqualTo(DatabaseRole.UNREACHABLE);
    assertThat(Files.exists(lab.get().dataDir("site-a").resolve("standby.signal")))
        .as("a restart would bring it back read-only")
        .isTrue();

    adapter.unfence("site-a", a);
    adapter.unfence("site-a", a);

    long seq = insertOrder(a);
    ReplicationStatus primary = adapter.status("site-a", a);
    assertThat(primary.role()).isEqualTo(DatabaseRole.PRIMARY);
    assertThat(primary.fenced()).isFalse();
    assertThat(seq).isPositive();
    assertThat(Files.exists(lab.get().dataDir("site-a").resolve("standby.signal"))).isFalse();
    ReplicationStatus replica =
        adapter.awaitReplay("site-b", b, primary.replayLsn(), Duration.ofSeconds(30));
    assertThat(replica.role())
        .as("site-b follows site-a again after the unfence")
        .isEqualTo(DatabaseRole.REPLICA);
  }
}
