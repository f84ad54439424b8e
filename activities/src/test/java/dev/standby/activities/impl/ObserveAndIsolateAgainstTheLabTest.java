package dev.standby.activities.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.standby.adapters.postgres.PostgresDatabaseAdapter;
import dev.standby.lab.Lab;
import dev.standby.lab.LabExtension;
import dev.standby.model.FailureType;
import dev.standby.model.database.DatabaseRole;
import dev.standby.model.database.IsolationResult;
import dev.standby.model.database.ReplicationStatus;
import dev.standby.model.database.ResyncResult;
import dev.standby.model.database.SiteObservation;
import dev.standby.topology.ServiceTopology;
import dev.standby.topology.Topology;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * observe and isolate against the lab's real PostgreSQL pair, with the lab's faults: a killed and a
 * frozen (SIGSTOPped) primary. Each test gets a fresh lab (site-a primary, site-b its replica),
 * since a promotion or a kill cannot be undone.
 */
class ObserveAndIsolateAgainstTheLabTest {
  private static final Logger log =
      LoggerFactory.getLogger(ObserveAndIsolateAgainstTheLabTest.class);

  @RegisterExtension final LabExtension lab = LabExtension.withoutTemporal();
  Topology topology;
  DatabaseActivitiesImpl database;
  DatabaseHostActivitiesImpl host;

  @BeforeEach
  void activities() {
    topology = lab.get().topology();
    database =
        new DatabaseActivitiesImpl(topology, Map.of("postgresql", new PostgresDatabaseAdapter()));
    host =
        new DatabaseHostActivitiesImpl(
            topology, Map.of("postgresql", new PostgresDatabaseAdapter()));
  }

  @Test
  void observesThePrimaryAndTheReplicaStreamingFromIt() {
    Map<String, SiteObservation> seen = bySite(database.observe("payments"));

    assertThat(seen.get(Lab.SITE_A).role()).isEqualTo(DatabaseRole.PRIMARY);
    assertThat(seen.get(Lab.SITE_A).writablePrimary()).isTrue();
    assertThat(seen.get(Lab.SITE_A).upstreamSite()).isNull();
    assertThat(seen.get(Lab.SITE_A).processAlive()).isTrue();
    assertThat(seen.get(Lab.SITE_B).role()).isEqualTo(DatabaseRole.REPLICA);
    assertThat(seen.get(Lab.SITE_B).upstreamSite()).isEqualTo(Lab.SITE_A);
    assertThat(seen.get(Lab.SITE_B).streaming()).isTrue();
    assertThat(seen.get(Lab.SITE_B).processAlive()).isTrue();
  }

  @Test
  void aReplicaWhosePrimaryDiedStillSaysWhomItFollows() {
    lab.get().killDatabase(Lab.SITE_A);

    Map<String, SiteObservation> seen = bySite(database.observe("payments"));

    assertThat(seen.get(Lab.SITE_A).role()).isEqualTo(DatabaseRole.UNREACHABLE);
    assertThat(seen.get(Lab.SITE_A).processAlive()).as("killed").isFalse();
    assertThat(seen.get(Lab.SITE_B).role()).isEqualTo(DatabaseRole.REPLICA);
    assertThat(seen.get(Lab.SITE_B).streaming()).isFalse();
    assertThat(seen.get(Lab.SITE_B).upstreamSite())
        .as("from its primary_conninfo")
        .isEqualTo(Lab.SITE_A);
  }

  @Test
  void aFrozenPrimaryIsUnreachableButAliveAndIsolatingItKillsItForGood() throws Exception {
    long before = lastOrder(Lab.SITE_A);
    lab.get().freezeDatabase(Lab.SITE_A);

    // The bound is OBSERVE_WITHIN (2.5 s); the preemptive limit only keeps a hang from stalling.
    long started = System.nanoTime();
    List<SiteObservation> observed =
        assertTimeoutPreemptively(Duration.ofSeconds(8), () -> database.observe("payments"));
    log.info("MEASURED observe with a frozen primary: {} ms", (System.nanoTime() - started) / 1e6);
    SiteObservation frozen = bySite(observed).get(Lab.SITE_A);
    assertThat(frozen.role()).isEqualTo(DatabaseRole.UNREACHABLE);
    assertThat(frozen.processAlive()).as("frozen, not dead").isTrue();
    assertThat(bySite(observed).get(Lab.SITE_B).role()).isEqualTo(DatabaseRole.REPLICA);
    // status on its own: the driver's login timeout (2 s), not observe's bound, ends the wait.
    started = System.nanoTime();
    ReplicationStatus status =
        assertTimeoutPreemptively(
            Duration.ofSeconds(8), () -> database.replicationStatus("payments", Lab.SITE_A));
    log.info("MEASURED status of a frozen primary: {} ms", (System.nanoTime() - started) / 1e6);
    assertThat(status.role()).isEqualTo(DatabaseRole.UNREACHABLE);
    assertThat(status.error()).containsIgnoringCase("timed out");

    database.promote("payments", Lab.SITE_B);
    IsolationResult isolated = host.isolate("payments", Lab.SITE_A, Lab.SITE_B);
    lab.get().thawDatabase(Lab.SITE_A);

    assertThat(isolated.killed()).isPositive();
    assertThat(isolated.standbySignal()).isTrue();
    assertThat(isolated.how()).contains("SIGKILLed").contains("site-b");
    assertThat(lab.get().databaseProcesses(Lab.SITE_A))
        .as("site-a's postgres after thaw")
        .isEmpty();
    assertThat(Files.exists(lab.get().dataDir(Lab.SITE_A).resolve("standby.signal"))).isTrue();
    assertThat(Files.readString(lab.get().dataDir(Lab.SITE_A).resolve("postgresql.auto.conf")))
        .contains("primary_conninfo = 'host=127.0.0.1 port=" + lab.get().pgPort(Lab.SITE_B));
    assertThat(bySite(database.observe("payments")).get(Lab.SITE_A).processAlive()).isFalse();

    // What a supervisor would do: start it again. It comes back in recovery, taking no writes.
    startByHand(Lab.SITE_A);
    try (Connection a = connect(Lab.SITE_A)) {
      assertThat(query(a, "SELECT pg_is_in_recovery()::text")).isEqualTo("true");
      SQLException refused =
          catchThrowableOfType(
              SQLException.class,
              () ->
                  query(a, "INSERT INTO orders (site, item) VALUES ('zombie', 'x') RETURNING seq"));
      assertThat(refused.getSQLState()).as("read-only transaction").isEqualTo("25006");
      assertThat(lastOrderOn(a)).as("nothing written on site-a after the freeze").isEqualTo(before);
    }
    // And the resync can still make it a streaming replica of the new primary.
    host.resyncAsReplica("payments", Lab.SITE_A, Lab.SITE_B);
    try (Connection a = connect(Lab.SITE_A)) {
      assertThat(query(a, "SELECT status FROM pg_stat_wal_receiver")).isEqualTo("streaming");
    }
  }

  /** pg_ctl start on the site's data dir, as its OS user, the way a supervisor restarts it. */
  private void startByHand(String site) throws Exception {
    ServiceTopology.Local local = topology.service("payments").site(site).database().local();
    List<String> command = new java.util.ArrayList<>();
    if (local.osUser() != null && !local.osUser().equals(System.getProperty("user.name"))) {
      command.addAll(List.of("runuser", "-u", local.osUser(), "--"));
    }
    command.addAll(
        List.of(
            local.binDir() + "/pg_ctl",
            "start",
            "-w",
            "-t",
            "60",
            "-D",
            local.dataDir(),
            "-l",
            local.logFile()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(p.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
  }

  @Test
  void theChainIsolateThenResyncMakesAStreamingReplicaWithTheNewPrimarysWrites()
      throws SQLException {
    lab.get().killDatabase(Lab.SITE_A);
    database.promote("payments", Lab.SITE_B);
    long writtenOnB = insertOrder(Lab.SITE_B);

    IsolationResult first = host.isolate("payments", Lab.SITE_A, Lab.SITE_B);
    IsolationResult again = host.isolate("payments", Lab.SITE_A, Lab.SITE_B);
    ResyncResult resync = host.resyncAsReplica("payments", Lab.SITE_A, Lab.SITE_B);
    IsolationResult ofAReplica = host.isolate("payments", Lab.SITE_A, Lab.SITE_B);

    assertThat(first.killed()).as("already killed by the fault").isZero();
    assertThat(first.how()).contains("no server process was running").contains("wrote");
    assertThat(again.killed()).isZero();
    assertThat(again.how()).contains("already there");
    assertThat(resync.method()).isEqualTo(ResyncResult.Method.REWIND);
    assertThat(ofAReplica.killed()).isZero();
    assertThat(ofAReplica.how()).contains("answers as a replica");
    SiteObservation a = bySite(database.observe("payments")).get(Lab.SITE_A);
    assertThat(a.role()).isEqualTo(DatabaseRole.REPLICA);
    assertThat(a.streaming()).isTrue();
    assertThat(a.upstreamSite()).isEqualTo(Lab.SITE_B);
    try (Connection c = connect(Lab.SITE_A)) {
      assertThat(lastOrderOn(c)).isGreaterThanOrEqualTo(writtenOnB);
    }
  }

  @Test
  void aWritablePrimaryBesideThePromotedOneIsSeenAndKilled() throws SQLException {
    database.promote("payments", Lab.SITE_B); // site-a runs on: two writable primaries
    Map<String, SiteObservation> two = bySite(database.observe("payments"));
    assertThat(two.values()).allMatch(SiteObservation::writablePrimary);

    IsolationResult isolated = host.isolate("payments", Lab.SITE_A, Lab.SITE_B);

    assertThat(isolated.killed()).isPositive();
    assertThat(lab.get().databaseProcesses(Lab.SITE_A)).isEmpty();
    Map<String, SiteObservation> after = bySite(database.observe("payments"));
    assertThat(after.get(Lab.SITE_A).role()).isEqualTo(DatabaseRole.UNREACHABLE);
    assertThat(after.get(Lab.SITE_A).processAlive()).isFalse();
    assertThat(after.get(Lab.SITE_B).writablePrimary()).isTrue();
  }

  @Test
  void withoutALocalBlockIsolatingIsRefusedSayingWhy() {
    ServiceTopology payments = topology.service("payments");
    ServiceTopology.Database a = payments.site(Lab.SITE_A).database();
    ServiceTopology.Database remote =
        new ServiceTopology.Database(a.provider(), a.url(), a.user(), a.passwordEnv());

    ApplicationFailure refused =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                new PostgresDatabaseAdapter()
                    .isolate(Lab.SITE_A, remote, Lab.SITE_B, payments.site(Lab.SITE_B).database()));
    ApplicationFailure itself =
        catchThrowableOfType(
            ApplicationFailure.class, () -> host.isolate("payments", Lab.SITE_A, Lab.SITE_A));

    assertThat(refused.getType()).isEqualTo(FailureType.RESYNC_NOT_CONFIGURED.type());
    assertThat(refused.isNonRetryable()).isTrue();
    assertThat(refused.getOriginalMessage()).contains("site-a").contains("no 'local' block");
    assertThat(itself.getType()).isEqualTo(FailureType.INVALID_INPUT.type());
    assertThat(lab.get().databaseProcesses(Lab.SITE_A)).as("nothing was killed").isNotEmpty();
  }

  private static Map<String, SiteObservation> bySite(List<SiteObservation> observations) {
    Map<String, SiteObservation> bySite = new LinkedHashMap<>();
    observations.forEach(o -> bySite.put(o.site(), o));
    return bySite;
  }

  private Connection connect(String site) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", lab.get().dbUser());
    props.setProperty("connectTimeout", "5");
    props.setProperty("socketTimeout", "10");
    return DriverManager.getConnection(lab.get().jdbcUrl(site), props);
  }

  private long insertOrder(String site) throws SQLException {
    try (Connection c = connect(site)) {
      return Long.parseLong(
          query(c, "INSERT INTO orders (site, item) VALUES ('test', 'isolate') RETURNING seq"));
    }
  }

  private long lastOrder(String site) throws SQLException {
    try (Connection c = connect(site)) {
      return lastOrderOn(c);
    }
  }

  private static long lastOrderOn(Connection c) throws SQLException {
    return Long.parseLong(query(c, "SELECT coalesce(max(seq), 0) FROM orders"));
  }

  private static String query(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
