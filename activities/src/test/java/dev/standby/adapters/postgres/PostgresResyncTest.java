package dev.standby.adapters.postgres;

import static dev.standby.adapters.postgres.PostgresDatabaseAdapterTest.connect;
import static dev.standby.adapters.postgres.PostgresDatabaseAdapterTest.insertOrder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.lab.LabExtension;
import dev.standby.model.database.DatabaseRole;
import dev.standby.model.database.FenceResult;
import dev.standby.model.database.ResyncResult;
import dev.standby.topology.ServiceTopology;
import dev.standby.topology.ServiceTopology.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Resync against the lab's real PostgreSQL pair: an old primary, fenced after a planned switchover
 * or killed, becomes a streaming replica of the new primary again. A promotion cannot be undone, so
 * every test gets a fresh lab (site-a primary, site-b its replica; an instance-field extension,
 * about 2 s each) and makes the failover it needs. The refusals, which change nothing, are in
 * {@link PostgresDatabaseAdapterTest}.
 */
class PostgresResyncTest {
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
  void aFencedOldPrimaryIsRewoundIntoAReplicaOfTheNewOne() throws SQLException {
    insertOrder(a);
    FenceResult fence = adapter.fence("site-a", a);
    adapter.awaitReplay("site-b", b, fence.finalLsn(), Duration.ofSeconds(10));
    adapter.promote("site-b", b);
    long writtenOnB = insertOrder(b);

    ResyncResult resync = adapter.resyncAsReplica("site-a", a, "site-b", b, Duration.ofSeconds(60));

    assertThat(resync.method()).isEqualTo(ResyncResult.Method.REWIND);
    assertThat(adapter.status("site-a", a).role()).isEqualTo(DatabaseRole.REPLICA);
    assertThat(hasOrder(a, writtenOnB))
        .as("the order written on site-b after the switchover, on site-a")
        .isTrue();
    assertThat(streamingReplicas(b)).as("site-b's replicas").isEqualTo("site-a streaming");
    assertThat(setting(a, "port"))
        .as("site-a keeps its own port")
        .isEqualTo(String.valueOf(lab.get().pgPort("site-a")));
    assertThat(setting(a, "default_transaction_read_only"))
        .as("the fence did not survive the rewind")
        .isEqualTo("off");
    assertThat(lab.get().status())
        .as("lab status sees the restarted PostgreSQL")
        .doesNotContain("DEAD");
  }

  @Test
  void resyncingAStreamingReplicaOnlyWaitsForIt() throws SQLException {
    long written = insertOrder(a);

    ResyncResult again = adapter.resyncAsReplica("site-b", b, "site-a", a, Duration.ofSeconds(30));

    assertThat(again.method()).isEqualTo(ResyncResult.Method.ALREADY_STREAMING);
    assertThat(hasOrder(b, written)).isTrue();
  }

  @Test
  void aKilledOldPrimaryIsRewoundToo() throws SQLException {
    // site-a dies as a primary; site-b is promoted (an unplanned failover) and takes an order.
    insertOrder(a);
    lab.get().killDatabase("site-a");
    adapter.promote("site-b", b);
    long writtenOnB = insertOrder(b);

    ResyncResult resync = adapter.resyncAsReplica("site-a", a, "site-b", b, Duration.ofSeconds(60));

    assertThat(resync.method()).isEqualTo(ResyncResult.Method.REWIND);
    assertThat(adapter.status("site-a", a).role()).isEqualTo(DatabaseRole.REPLICA);
    assertThat(hasOrder(a, writtenOnB)).isTrue();
    assertThat(streamingReplicas(b)).isEqualTo("site-a streaming");
  }

  @Test
  void whenRewindingIsImpossibleAFreshBaseBackupIsTaken() throws Exception {
    // site-a dies as a primary and loses its WAL: pg_rewind has nothing to rewind from.
    lab.get().killDatabase("site-a");
    adapter.promote("site-b", b);
    long writtenOnB = insertOrder(b);
    try (var wal = Files.list(lab.get().dataDir("site-a").resolve("pg_wal"))) {
      for (Path segment :
          wal.filter(p -> p.getFileName().toString().matches("[0-9A-F]{24}")).toList()) {
        Files.delete(segment);
      }
    }

    ResyncResult resync = adapter.resyncAsReplica("site-a", a, "site-b", b, Duration.ofSeconds(60));

    assertThat(resync.method()).isEqualTo(ResyncResult.Method.BASE_BACKUP);
    assertThat(adapter.status("site-a", a).role()).isEqualTo(DatabaseRole.REPLICA);
    assertThat(hasOrder(a, writtenOnB)).isTrue();
    assertThat(setting(a, "port")).isEqualTo(String.valueOf(lab.get().pgPort("site-a")));
  }

  private boolean hasOrder(Database database, long seq) throws SQLException {
    try (Connection c = connect(database);
        PreparedStatement find = c.prepareStatement("SELECT 1 FROM orders WHERE seq = ?")) {
      find.setLong(1, seq);
      try (ResultSet rs = find.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static String streamingReplicas(Database primary) throws SQLException {
    try (Connection c = connect(primary);
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT string_agg(application_name || ' ' || state, ', ') FROM pg_stat_replication")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static String setting(Database database, String name) throws SQLException {
    try (Connection c = connect(database);
        ResultSet rs = c.createStatement().executeQuery("SHOW " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
