package dev.standby.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.standby.lab.LabExtension;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.database.DatabaseRole;
import dev.standby.model.database.FenceResult;
import dev.standby.model.database.ReplicationStatus;
import dev.standby.topology.ServiceTopology;
import dev.standby.topology.ServiceTopology.Database;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The adapter against the lab's real PostgreSQL pair (site-a primary, site-b streaming replica):
 * status, fencing and refusals, on one lab that each test puts back to "site-a primary and
 * unfenced" first (fencing is undone by unfencing), and resync's refusals. Promotions and killed
 * databases cannot be undone: {@link PostgresSwitchoverTest} and {@link PostgresResyncTest} have
 * those, on a lab per test.
 */
class PostgresDatabaseAdapterTest {
  @RegisterExtension static final LabExtension lab = LabExtension.withoutTemporal();
  final PostgresDatabaseAdapter adapter = new PostgresDatabaseAdapter();
  Database a;
  Database aLocal;
  Database b;

  @BeforeEach
  void siteAIsAnUnfencedPrimary() {
    ServiceTopology payments = lab.get().topology().service("payments");
    aLocal = payments.site("site-a").database();
    // Without its local block: the soft fence (default_transaction_read_only), which leaves the
    // server running; StoppingFenceTest has the fence that stops a local server.
    a = new Database(aLocal.provider(), aLocal.url(), aLocal.user(), aLocal.passwordEnv());
    b = payments.site("site-b").database();
    adapter.unfence("site-a", a);
  }

  @Test
  void reportsThePrimaryAndTheCaughtUpReplica() throws SQLException {
    long beforeInsert = System.currentTimeMillis();
    insertOrder(a);
    ReplicationStatus primary = adapter.status("site-a", a);
    ReplicationStatus replica =
        adapter.awaitReplay("site-b", b, primary.replayLsn(), Duration.ofSeconds(10));
    long afterReplay = System.currentTimeMillis();

    assertThat(primary.role()).isEqualTo(DatabaseRole.PRIMARY);
    assertThat(primary.receiveLsn()).isEqualTo(primary.replayLsn()).matches("[0-9A-F]+/[0-9A-F]+");
    assertThat(primary.fenced()).isFalse();
    assertThat(primary.lagMillis()).isNull();
    assertThat(primary.error()).isNull();

    assertThat(replica.role()).isEqualTo(DatabaseRole.REPLICA);
    assertThat(lsn(replica.replayLsn())).isGreaterThanOrEqualTo(lsn(primary.replayLsn()));
    assertThat(replica.lagMillis()).as("everything received is replayed").isZero();
    // The insert's commit, the last one replayed: after the insert began, before the replay was
    // seen (one host,
    // one clock; 1 ms for PostgreSQL's microseconds rounded to a millisecond).
    assertThat(replica.lastReplayedCommitMillis())
        .as("the insert's commit time")
        .isBetween(beforeInsert - 1, afterReplay);
    assertThat(replica.fenced()).isFalse();
  }

  @Test
  void fencingStopsWritesEndsOpenSessionsAndKeepsReads() throws SQLException {
    insertOrder(a); // something to read after the fence
    try (Connection open = connect(a)) {
      FenceResult fence = adapter.fence("site-a", a);

      assertThat(fence.alreadyFenced()).isFalse();
      assertThat(fence.finalLsn()).matches("[0-9A-F]+/[0-9A-F]+");
      assertThat((Throwable) catchThrowableOfType(SQLException.class, () -> count(open)))
          .as("a session opened before the fence was ended")
          .isNotNull();
    }
    SQLException refused = catchThrowableOfType(SQLException.class, () -> insertOrder(a));
    assertThat(refused.getSQLState()).isEqualTo("25006");
    assertThat(refused.getMessage()).contains("cannot execute INSERT in a read-only transaction");
    try (Connection reader = connect(a)) {
      assertThat(count(reader)).isPositive();
    }
    assertThat(adapter.status("site-a", a).fenced()).isTrue();
  }

  @Test
  void fencingAgainChangesNothingAndTheReplicaReplaysTheFinalLsn() {
    assertThat(adapter.fence("site-a", a).alreadyFenced()).isFalse();
    FenceResult again = adapter.fence("site-a", a);
    ReplicationStatus replica =
        adapter.awaitReplay("site-b", b, again.finalLsn(), Duration.ofSeconds(10));

    assertThat(again.alreadyFenced()).isTrue();
    assertThat(lsn(replica.replayLsn())).isGreaterThanOrEqualTo(lsn(again.finalLsn()));
    assertThat(replica.lagMillis()).isZero();
  }

  @Test
  void unfencingLetsWritesInAgainAndIsHarmlessTwice() throws SQLException {
    adapter.fence("site-a", a);
    assertThat(adapter.status("site-a", a).fenced()).isTrue();

    adapter.unfence("site-a", a);
    adapter.unfence("site-a", a);

    insertOrder(a);
    assertThat(adapter.status("site-a", a).fenced()).isFalse();
  }

  @Test
  void refusesWhatRetryingCannotFix() {
    ApplicationFailure fenceReplica =
        catchThrowableOfType(ApplicationFailure.class, () -> adapter.fence("site-b", b));
    ApplicationFailure badLsn =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> adapter.awaitReplay("site-b", b, "yesterday", Duration.ofSeconds(1)));

    assertThat(fenceReplica.getType()).isEqualTo(FailureType.SOURCE_NOT_PRIMARY.type());
    assertThat(fenceReplica.isNonRetryable()).isTrue();
    assertThat(fenceReplica.getOriginalMessage()).contains("site-b's database is a replica");
    assertThat(badLsn.getType()).isEqualTo(FailureType.INVALID_INPUT.type());
    assertThat(badLsn.isNonRetryable()).isTrue();
  }

  @Test
  void waitingForAPositionNotYetWrittenGivesUpAfterMaxWaitAndMayBeRetried() {
    String ahead = "FF/0";
    long started = System.nanoTime();
    // It gives up rather than waiting on: bounded by a deadline far above maxWait, not timed (a
    // 2-core box stalls).
    ApplicationFailure timedOut =
        assertTimeoutPreemptively(
            Duration.ofSeconds(30),
            () ->
                catchThrowableOfType(
                    ApplicationFailure.class,
                    () -> adapter.awaitReplay("site-b", b, ahead, Duration.ofMillis(300))));

    assertThat(timedOut.getType()).isEqualTo(Failures.TIMED_OUT);
    assertThat(timedOut.isNonRetryable()).isFalse();
    assertThat(timedOut.getOriginalMessage())
        .startsWith("site-b replayed up to ")
        .contains("not FF/0, within 300 ms");
    assertThat(millisSince(started)).as("it waited its whole maxWait").isGreaterThanOrEqualTo(300L);
  }

  @Test
  void withoutLocalControlResyncFailsNonRetryablySayingWhatIsMissing() {
    Database remote = a;

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> adapter.resyncAsReplica("site-a", remote, "site-b", b, Duration.ofSeconds(5)));

    assertThat(failure.getType()).isEqualTo(FailureType.RESYNC_NOT_CONFIGURED.type());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("no 'local' block").contains("dataDir");
  }

  @Test
  void aReplicaIsNotASourceToResyncFrom() {
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> adapter.resyncAsReplica("site-a", aLocal, "site-b", b, Duration.ofSeconds(5)));

    assertThat(failure.getType()).isEqualTo(FailureType.SOURCE_NOT_PRIMARY.type());
    assertThat(failure.isNonRetryable()).isTrue();
  }

  /**
   * Inserts orders one after the other, recording the sequence number of every acknowledged commit.
   */
  static final class Writer {
    final Database database;
    final ConcurrentLinkedQueue<Long> acknowledged = new ConcurrentLinkedQueue<>();
    final AtomicBoolean running = new AtomicBoolean(true);
    final Thread thread = new Thread(this::run, "order-writer");

    Writer(Database database) {
      this.database = database;
    }

    void start() {
      thread.start();
    }

    void awaitAcknowledged(int n) {
      Awaitility.await(n + " orders acknowledged")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(5))
          .until(() -> acknowledged.size() >= n);
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join(10_000);
    }

    private void run() {
      while (running.get()) {
        try (Connection c = connect(database)) {
          while (running.get()) {
            acknowledged.add(insertOrder(c));
          }
        } catch (SQLException refusedOrEnded) {
          sleepQuietly(); // fenced or terminated: try again, as an app's pool would
        }
      }
    }
  }

  static List<Long> missingOrders(Connection c, ConcurrentLinkedQueue<Long> acknowledged)
      throws SQLException {
    String ids =
        acknowledged.stream().map(String::valueOf).reduce((x, y) -> x + "," + y).orElse("0");
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT id FROM unnest(ARRAY["
                    + ids
                    + "]::bigint[]) AS id WHERE id NOT IN (SELECT seq FROM orders)")) {
      List<Long> missing = new java.util.ArrayList<>();
      while (rs.next()) {
        missing.add(rs.getLong(1));
      }
      return missing;
    }
  }

  static long insertOrder(Database database) throws SQLException {
    try (Connection c = connect(database)) {
      return insertOrder(c);
    }
  }

  static long insertOrder(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "INSERT INTO orders (site, item) VALUES ('test', 'adapter') RETURNING seq")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static long count(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM orders")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static Connection connect(Database database) throws SQLException {
    return DriverManager.getConnection(database.url(), database.user(), "");
  }

  /** {@code 0/3025EF8} as a number, to compare positions. */
  static long lsn(String text) {
    String[] parts = text.split("/");
    return (Long.parseLong(parts[0], 16) << 32) | Long.parseLong(parts[1], 16);
  }

  static long millisSince(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
