package dev.standby.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.standby.lab.Lab;
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
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adapter against the lab's real PostgreSQL pair (site-a primary, site-b streaming replica). The tests
 * run in order because a promotion and a killed database cannot be undone in one lab: status and fencing
 * first, then a planned switchover, then a dead database.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresDatabaseAdapterTest {
  private static final Logger log = LoggerFactory.getLogger(PostgresDatabaseAdapterTest.class);
  static Lab lab;
  static Database a;
  static Database b;
  /** The switchover's promotion, for the retry that comes after it. */
  static PromotionResult promotion;
  final PostgresDatabaseAdapter adapter = new PostgresDatabaseAdapter();

  @BeforeAll
  static void startLab() {
    lab = Lab.start(PostgresDatabaseAdapterTest.class.getSimpleName(), false);
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
  void reportsThePrimaryAndTheCaughtUpReplica() throws SQLException {
    insertOrder(a);
    ReplicationStatus primary = adapter.status("site-a", a);
    ReplicationStatus replica = adapter.awaitReplay("site-b", b, primary.replayLsn(), Duration.ofSeconds(10));

    assertThat(primary.role()).isEqualTo(DatabaseRole.PRIMARY);
    assertThat(primary.receiveLsn()).isEqualTo(primary.replayLsn()).matches("[0-9A-F]+/[0-9A-F]+");
    assertThat(primary.fenced()).isFalse();
    assertThat(primary.lagMillis()).isNull();
    assertThat(primary.error()).isNull();

    assertThat(replica.role()).isEqualTo(DatabaseRole.REPLICA);
    assertThat(lsn(replica.replayLsn())).isGreaterThanOrEqualTo(lsn(primary.replayLsn()));
    assertThat(replica.lagMillis()).as("everything received is replayed").isZero();
    assertThat(replica.lastReplayedCommitMillis()).as("the insert's commit time")
        .isBetween(System.currentTimeMillis() - 10_000, System.currentTimeMillis());
    assertThat(replica.fenced()).isFalse();
  }

  @Test
  @Order(2)
  void fencingStopsWritesEndsOpenSessionsAndKeepsReads() throws SQLException {
    try (Connection open = connect(a)) {
      FenceResult fence = adapter.fence("site-a", a);

      assertThat(fence.alreadyFenced()).isFalse();
      assertThat(fence.finalLsn()).matches("[0-9A-F]+/[0-9A-F]+");
      assertThat((Throwable) catchThrowableOfType(SQLException.class, () -> count(open)))
          .as("a session opened before the fence was ended").isNotNull();
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
  @Order(3)
  void fencingAgainChangesNothingAndTheReplicaReplaysTheFinalLsn() {
    FenceResult again = adapter.fence("site-a", a);
    ReplicationStatus replica = adapter.awaitReplay("site-b", b, again.finalLsn(), Duration.ofSeconds(10));

    assertThat(again.alreadyFenced()).isTrue();
    assertThat(lsn(replica.replayLsn())).isGreaterThanOrEqualTo(lsn(again.finalLsn()));
    assertThat(replica.lagMillis()).isZero();
  }

  @Test
  @Order(4)
  void unfencingLetsWritesInAgainAndIsHarmlessTwice() throws SQLException {
    adapter.unfence("site-a", a);
    adapter.unfence("site-a", a);

    insertOrder(a);
    assertThat(adapter.status("site-a", a).fenced()).isFalse();
  }

  @Test
  @Order(5)
  void refusesWhatRetryingCannotFix() {
    ApplicationFailure fenceReplica = catchThrowableOfType(ApplicationFailure.class, () -> adapter.fence("site-b", b));
    ApplicationFailure badLsn = catchThrowableOfType(ApplicationFailure.class,
        () -> adapter.awaitReplay("site-b", b, "yesterday", Duration.ofSeconds(1)));

    assertThat(fenceReplica.getType()).isEqualTo(FailureType.SOURCE_NOT_PRIMARY.type());
    assertThat(fenceReplica.isNonRetryable()).isTrue();
    assertThat(fenceReplica.getOriginalMessage()).contains("site-b's database is a replica");
    assertThat(badLsn.getType()).isEqualTo(FailureType.INVALID_INPUT.type());
    assertThat(badLsn.isNonRetryable()).isTrue();
  }

  @Test
  @Order(6)
  void waitingForAPositionNotYetWrittenGivesUpAfterMaxWaitAndMayBeRetried() {
    String ahead = "FF/0";
    long started = System.nanoTime();
    ApplicationFailure timedOut = catchThrowableOfType(ApplicationFailure.class,
        () -> adapter.awaitReplay("site-b", b, ahead, Duration.ofMillis(300)));

    assertThat(timedOut.getType()).isEqualTo(Failures.TIMED_OUT);
    assertThat(timedOut.isNonRetryable()).isFalse();
    assertThat(timedOut.getOriginalMessage()).startsWith("site-b replayed up to ").contains("not FF/0, within 300 ms");
    assertThat(millisSince(started)).isBetween(300L, 2_000L);
  }

  @Test
  @Order(7)
  void aPlannedSwitchoverUnderWritesLosesNothing() throws Exception {
    Writer writer = new Writer(a);
    writer.start();
    writer.awaitAcknowledged(20);

    long t0 = System.nanoTime();
    FenceResult fence = adapter.fence("site-a", a);
    long t1 = System.nanoTime();
    ReplicationStatus caughtUp = adapter.awaitReplay("site-b", b, fence.finalLsn(), Duration.ofSeconds(30));
    long t2 = System.nanoTime();
    promotion = adapter.promote("site-b", b);
    long t3 = System.nanoTime();
    writer.stop();
    log.info("MEASURED planned switchover under writes: fence {} ms, await replay {} ms, promote {} ms "
        + "({} orders acknowledged by site-a, final LSN {}, replayed {}, timeline {})", (t1 - t0) / 1_000_000,
        (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, writer.acknowledged.size(), fence.finalLsn(), caughtUp.replayLsn(),
        promotion.timeline());

    assertThat(promotion.promoted()).isTrue();
    assertThat(promotion.timeline()).isEqualTo(2);
    assertThat(lsn(promotion.replayLsn())).isGreaterThanOrEqualTo(lsn(fence.finalLsn()));
    assertThat(promotion.lastReplayedCommitMillis()).isNotNull();
    assertThat(promotion.promotedAtMillis()).isBetween(System.currentTimeMillis() - 10_000, System.currentTimeMillis());
    assertThat(adapter.status("site-b", b).role()).isEqualTo(DatabaseRole.PRIMARY);
    try (Connection promoted = connect(b)) {
      assertThat(missingOrders(promoted, writer.acknowledged)).as("acknowledged on site-a, missing on site-b").isEmpty();
    }
    insertOrder(b);
  }

  @Test
  @Order(8)
  void promotingAgainChangesNothingAndKeepsTheEvidence() {
    PromotionResult again = adapter.promote("site-b", b);

    assertThat(promotion).as("promoted by the switchover").isNotNull();
    assertThat(again.promoted()).isFalse();
    assertThat(again.timeline()).isEqualTo(promotion.timeline());
    assertThat(again.replayLsn()).as("the end of timeline 1, from the history file").isEqualTo(promotion.replayLsn());
    assertThat(again.lastReplayedCommitMillis()).isEqualTo(promotion.lastReplayedCommitMillis());
    assertThat(again.promotedAtMillis()).as("the history file's time, to the second")
        .isBetween(promotion.promotedAtMillis() - 2_000, promotion.promotedAtMillis());

    ApplicationFailure notReplica = catchThrowableOfType(ApplicationFailure.class,
        () -> adapter.awaitReplay("site-b", b, "0/0", Duration.ofSeconds(1)));
    assertThat(notReplica.getType()).isEqualTo(FailureType.TARGET_NOT_REPLICA.type());
  }

  @Test
  @Order(9)
  void aKilledDatabaseIsReportedUnreachableFast() {
    lab.killDatabase("site-a");

    long started = System.nanoTime();
    ReplicationStatus dead = adapter.status("site-a", a);
    long statusMillis = millisSince(started);
    log.info("MEASURED status of a killed database answered in {} ms", statusMillis);

    assertThat(dead.role()).isEqualTo(DatabaseRole.UNREACHABLE);
    assertThat(dead.error()).contains("refused");
    assertThat(statusMillis).isLessThan(3_000);

    ApplicationFailure fence = catchThrowableOfType(ApplicationFailure.class, () -> adapter.fence("site-a", a));
    ApplicationFailure promote = catchThrowableOfType(ApplicationFailure.class, () -> adapter.promote("site-a", a));
    assertThat(fence.getType()).isEqualTo(Failures.UNREACHABLE);
    assertThat(fence.isNonRetryable()).isFalse();
    assertThat(promote.getType()).isEqualTo(Failures.UNREACHABLE);
    assertThat(promote.isNonRetryable()).isFalse();
    adapter.unfence("site-a", a); // compensation: does not throw
  }

  /** Inserts orders one after the other, recording the sequence number of every acknowledged commit. */
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

    void awaitAcknowledged(int n) throws InterruptedException {
      while (acknowledged.size() < n) {
        Thread.sleep(5);
      }
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

  static List<Long> missingOrders(Connection c, ConcurrentLinkedQueue<Long> acknowledged) throws SQLException {
    String ids = acknowledged.stream().map(String::valueOf).reduce((x, y) -> x + "," + y).orElse("0");
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT id FROM unnest(ARRAY[" + ids + "]::bigint[]) AS id WHERE id NOT IN (SELECT seq FROM orders)")) {
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
        ResultSet rs = s.executeQuery("INSERT INTO orders (site, item) VALUES ('test', 'adapter') RETURNING seq")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static long count(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM orders")) {
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
