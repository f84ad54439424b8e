package dev.standby.adapters.postgres;

import static dev.standby.adapters.postgres.PostgresDatabaseAdapterTest.connect;
import static dev.standby.adapters.postgres.PostgresDatabaseAdapterTest.insertOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.standby.lab.Lab;
import dev.standby.model.FailureType;
import dev.standby.model.database.DatabaseRole;
import dev.standby.model.database.FenceResult;
import dev.standby.model.database.ResyncResult;
import dev.standby.topology.ServiceTopology;
import dev.standby.topology.ServiceTopology.Database;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Resync against the lab's real PostgreSQL pair: an old primary, fenced after a planned switchover or
 * killed, becomes a streaming replica of the new primary again. In order, each test starting from the
 * world the previous one left: the roles swap back and forth.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresResyncTest {
  static Lab lab;
  static Database a;
  static Database b;
  final PostgresDatabaseAdapter adapter = new PostgresDatabaseAdapter();

  @BeforeAll
  static void startLab() {
    lab = Lab.start(PostgresResyncTest.class.getSimpleName(), false);
    ServiceTopology payments = lab.topology().service("payments");
    a = payments.site("site-a").database();
    b = payments.site("site-b").database();
  }

  @AfterAll
  static void stopLab() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  @Order(1)
  void aFencedOldPrimaryIsRewoundIntoAReplicaOfTheNewOne() throws SQLException {
    insertOrder(a);
    FenceResult fence = adapter.fence("site-a", a);
    adapter.awaitReplay("site-b", b, fence.finalLsn(), Duration.ofSeconds(10));
    adapter.promote("site-b", b);
    long writtenOnB = insertOrder(b);

    ResyncResult resync = adapter.resyncAsReplica("site-a", a, "site-b", b, Duration.ofSeconds(60));

    assertThat(resync.method()).isEqualTo(ResyncResult.Method.REWIND);
    assertThat(adapter.status("site-a", a).role()).isEqualTo(DatabaseRole.REPLICA);
    assertThat(hasOrder(a, writtenOnB)).as("the order written on site-b after the switchover, on site-a").isTrue();
    assertThat(streamingReplicas(b)).as("site-b's replicas").isEqualTo("site-a streaming");
    assertThat(setting(a, "port")).as("site-a keeps its own port").isEqualTo(String.valueOf(lab.pgPort("site-a")));
    assertThat(setting(a, "default_transaction_read_only")).as("the fence did not survive the rewind").isEqualTo("off");
    assertThat(lab.status()).as("lab status sees the restarted PostgreSQL").doesNotContain("DEAD");
  }

  @Test
  @Order(2)
  void resyncingAStreamingReplicaOnlyWaitsForIt() throws SQLException {
    long written = insertOrder(b);

    ResyncResult again = adapter.resyncAsReplica("site-a", a, "site-b", b, Duration.ofSeconds(30));

    assertThat(again.method()).isEqualTo(ResyncResult.Method.ALREADY_STREAMING);
    assertThat(hasOrder(a, written)).isTrue();
  }

  @Test
  @Order(3)
  void aKilledOldPrimaryIsRewoundToo() throws SQLException {
    // site-b dies as a primary; site-a is promoted (an unplanned failover back) and takes an order.
    lab.killDatabase("site-b");
    adapter.promote("site-a", a);
    long writtenOnA = insertOrder(a);

    ResyncResult resync = adapter.resyncAsReplica("site-b", b, "site-a", a, Duration.ofSeconds(60));

    assertThat(resync.method()).isEqualTo(ResyncResult.Method.REWIND);
    assertThat(adapter.status("site-b", b).role()).isEqualTo(DatabaseRole.REPLICA);
    assertThat(hasOrder(b, writtenOnA)).isTrue();
    assertThat(streamingReplicas(a)).isEqualTo("site-b streaming");
  }

  @Test
  @Order(4)
  void whenRewindingIsImpossibleAFreshBaseBackupIsTaken() throws Exception {
    // site-a dies as a primary and loses its WAL: pg_rewind has nothing to rewind from.
    lab.killDatabase("site-a");
    adapter.promote("site-b", b);
    long writtenOnB = insertOrder(b);
    try (var wal = Files.list(lab.dataDir("site-a").resolve("pg_wal"))) {
      for (Path segment : wal.filter(p -> p.getFileName().toString().matches("[0-9A-F]{24}")).toList()) {
        Files.delete(segment);
      }
    }

    ResyncResult resync = adapter.resyncAsReplica("site-a", a, "site-b", b, Duration.ofSeconds(60));

    assertThat(resync.method()).isEqualTo(ResyncResult.Method.BASE_BACKUP);
    assertThat(adapter.status("site-a", a).role()).isEqualTo(DatabaseRole.REPLICA);
    assertThat(hasOrder(a, writtenOnB)).isTrue();
    assertThat(setting(a, "port")).isEqualTo(String.valueOf(lab.pgPort("site-a")));
  }

  @Test
  @Order(5)
  void withoutLocalControlResyncFailsNonRetryablySayingWhatIsMissing() {
    Database remote = new Database(a.provider(), a.url(), a.user(), a.passwordEnv());

    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class,
        () -> adapter.resyncAsReplica("site-a", remote, "site-b", b, Duration.ofSeconds(5)));

    assertThat(failure.getType()).isEqualTo(FailureType.RESYNC_NOT_CONFIGURED.type());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("no 'local' block").contains("dataDir");
  }

  @Test
  @Order(6)
  void aReplicaIsNotASourceToResyncFrom() {
    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class,
        () -> adapter.resyncAsReplica("site-b", b, "site-a", a, Duration.ofSeconds(5)));

    assertThat(failure.getType()).isEqualTo(FailureType.SOURCE_NOT_PRIMARY.type());
    assertThat(failure.isNonRetryable()).isTrue();
  }

  private static boolean hasOrder(Database database, long seq) throws SQLException {
    try (Connection c = connect(database); PreparedStatement find = c.prepareStatement("SELECT 1 FROM orders WHERE seq = ?")) {
      find.setLong(1, seq);
      try (ResultSet rs = find.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static String streamingReplicas(Database primary) throws SQLException {
    try (Connection c = connect(primary); ResultSet rs = c.createStatement().executeQuery(
        "SELECT string_agg(application_name || ' ' || state, ', ') FROM pg_stat_replication")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static String setting(Database database, String name) throws SQLException {
    try (Connection c = connect(database); ResultSet rs = c.createStatement().executeQuery("SHOW " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
