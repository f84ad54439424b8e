package dev.standby.adapters.postgres;

import static dev.standby.adapters.postgres.PostgresDatabaseAdapterTest.connect;
import static dev.standby.adapters.postgres.PostgresDatabaseAdapterTest.insertOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.standby.lab.Lab;
import dev.standby.model.FailureType;
import dev.standby.model.database.PromotionResult;
import dev.standby.model.database.ResyncResult;
import dev.standby.topology.ServiceTopology;
import dev.standby.topology.ServiceTopology.Database;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Re-pointing against the three-site lab's real PostgreSQL (site-a primary, site-b and site-c its
 * replicas): after site-a dies and site-b is promoted, site-c follows site-b in place when it has
 * nothing site-b lacks, and is refused as diverged (to be rewound) when it has.
 */
@Timeout(180)
class PostgresRepointTest {
  final PostgresDatabaseAdapter adapter = new PostgresDatabaseAdapter();

  @Test
  void aReplicaBehindTheNewPrimaryFollowsItInPlace() throws Exception {
    try (Lab lab = Lab.startThreeSitesWithoutTemporal("PostgresRepointTest-behind")) {
      ServiceTopology payments = lab.topology().service("payments");
      Database a = payments.site("site-a").database();
      Database b = payments.site("site-b").database();
      Database c = payments.site("site-c").database();
      insertOrder(a);
      adapter.awaitReplay(
          "site-c", c, adapter.status("site-a", a).replayLsn(), Duration.ofSeconds(20));
      // site-c stops receiving: it is behind site-b when site-b is promoted.
      execute(c, "ALTER SYSTEM SET primary_conninfo = ''");
      execute(c, "SELECT pg_reload_conf()");
      awaitNotStreaming(c);
      long lastOnA = insertOrder(a);
      adapter.awaitReplay(
          "site-b", b, adapter.status("site-a", a).replayLsn(), Duration.ofSeconds(20));
      lab.killDatabase("site-a");
      PromotionResult promoted = adapter.promote("site-b", b);
      long writtenOnB = insertOrder(b);

      ResyncResult r =
          adapter.repoint("site-c", c, "site-b", b, promoted.replayLsn(), Duration.ofSeconds(60));

      assertThat(r.method()).isEqualTo(ResyncResult.Method.REPOINT);
      assertThat(senderPort(c)).isEqualTo(lab.pgPort("site-b"));
      assertThat(has(c, lastOnA)).as("site-a's last order, which site-c had not received").isTrue();
      assertThat(has(c, writtenOnB)).as("the order written on site-b after its promotion").isTrue();

      ResyncResult again =
          adapter.repoint("site-c", c, "site-b", b, promoted.replayLsn(), Duration.ofSeconds(30));
      assertThat(again.method()).isEqualTo(ResyncResult.Method.ALREADY_STREAMING);
    }
  }

  @Test
  void aReplicaWithWalTheNewPrimaryLacksIsRefusedAsDivergedAndIsRewoundInstead() throws Exception {
    try (Lab lab = Lab.startThreeSitesWithoutTemporal("PostgresRepointTest-diverged")) {
      ServiceTopology payments = lab.topology().service("payments");
      Database a = payments.site("site-a").database();
      Database b = payments.site("site-b").database();
      Database c = payments.site("site-c").database();
      insertOrder(a);
      adapter.awaitReplay(
          "site-b", b, adapter.status("site-a", a).replayLsn(), Duration.ofSeconds(20));
      // site-b stops receiving: what site-a writes next only site-c gets.
      execute(b, "ALTER SYSTEM SET primary_conninfo = ''");
      execute(b, "SELECT pg_reload_conf()");
      awaitNotStreaming(b);
      insertOrder(a);
      adapter.awaitReplay(
          "site-c", c, adapter.status("site-a", a).replayLsn(), Duration.ofSeconds(20));
      lab.killDatabase("site-a");
      PromotionResult promoted = adapter.promote("site-b", b);

      ApplicationFailure refused =
          catchThrowableOfType(
              ApplicationFailure.class,
              () ->
                  adapter.repoint(
                      "site-c", c, "site-b", b, promoted.replayLsn(), Duration.ofSeconds(30)));
      assertThat(refused.getType()).isEqualTo(FailureType.REPLICA_DIVERGED.type());
      assertThat(refused.isNonRetryable()).isTrue();
      assertThat(refused.getOriginalMessage())
          .contains("does not stream from site-b")
          .contains("must be rewound");

      long writtenOnB = insertOrder(b);
      ResyncResult rewound =
          adapter.resyncAsReplica("site-c", c, "site-b", b, Duration.ofSeconds(90));
      assertThat(rewound.method())
          .isIn(ResyncResult.Method.REWIND, ResyncResult.Method.BASE_BACKUP);
      assertThat(has(c, writtenOnB)).isTrue();
    }
  }

  private static void execute(Database db, String sql) throws SQLException {
    try (Connection conn = connect(db);
        Statement s = conn.createStatement()) {
      s.execute(sql);
    }
  }

  private static void awaitNotStreaming(Database db) throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      try (Connection conn = connect(db);
          ResultSet rs =
              conn.createStatement().executeQuery("SELECT count(*) FROM pg_stat_wal_receiver")) {
        rs.next();
        if (rs.getInt(1) == 0) {
          return;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the WAL receiver still runs after 20 s");
  }

  private static int senderPort(Database db) throws SQLException {
    try (Connection conn = connect(db);
        ResultSet rs =
            conn.createStatement().executeQuery("SELECT sender_port FROM pg_stat_wal_receiver")) {
      assertThat(rs.next()).as("a WAL receiver").isTrue();
      return rs.getInt(1);
    }
  }

  private static boolean has(Database db, long seq) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    while (true) {
      try (Connection conn = connect(db);
          ResultSet rs =
              conn.createStatement()
                  .executeQuery("SELECT count(*) FROM orders WHERE seq = " + seq)) {
        rs.next();
        if (rs.getInt(1) == 1) {
          return true;
        }
      }
      if (System.currentTimeMillis() > deadline) {
        return false;
      }
      Thread.sleep(50);
    }
  }
}
