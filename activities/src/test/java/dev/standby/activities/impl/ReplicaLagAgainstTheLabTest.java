package dev.standby.activities.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.adapters.postgres.PostgresDatabaseAdapter;
import dev.standby.lab.Lab;
import dev.standby.lab.LabExtension;
import dev.standby.metrics.ReplicationMetrics;
import dev.standby.model.database.ReplicaLag;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replica lag of the lab's streaming replica, measured as the replication monitor measures it, and
 * exported. A killed replica stays dead, so each test gets a fresh lab (an instance-field
 * extension, about 2 s each).
 */
class ReplicaLagAgainstTheLabTest {
  @RegisterExtension final LabExtension lab = LabExtension.withoutTemporal();
  final Map<String, Long> exported = new ConcurrentHashMap<>();
  DatabaseActivitiesImpl database;

  @BeforeEach
  void wireActivities() {
    ReplicationMetrics gauges =
        (service, site, provider, lagMillis, rpoMillis) ->
            exported.put(service + "/" + site, lagMillis == null ? -1 : lagMillis);
    database =
        new DatabaseActivitiesImpl(
            lab.get().topology(), Map.of("postgresql", new PostgresDatabaseAdapter()), gauges);
  }

  @Test
  void aStreamingReplicaUnderWritesLagsLessThanTheRpoAndThePrimaryIsNotListed() throws Exception {
    try (Connection a = lab.get().jdbc(Lab.SITE_A);
        Statement s = a.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS lag_probe (n int)");
      s.execute("INSERT INTO lag_probe SELECT generate_series(1, 1000)");
    }

    // A fresh replica has no replay timestamp until it replays its first commit: on a loaded
    // machine that can come a moment after the insert, so read again until it has (10 s at most).
    List<ReplicaLag> lags = database.replicaLag("payments");
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
    while (lags.size() == 1 && lags.get(0).lagMillis() == null && System.nanoTime() < deadline) {
      Thread.sleep(100);
      lags = database.replicaLag("payments");
    }

    assertThat(lags)
        .singleElement()
        .satisfies(
            lag -> {
              assertThat(lag.site()).isEqualTo(Lab.SITE_B);
              assertThat(lag.provider()).isEqualTo("postgresql");
              assertThat(lag.lagMillis()).as(lag.describe()).isNotNull().isBetween(0L, 5_000L);
              assertThat(lag.source()).isIn("pg_last_xact_replay_timestamp", "pg_stat_replication");
              assertThat(lag.error()).isNull();
            });
    assertThat(exported).containsKey("payments/site-b").doesNotContainKey("payments/site-a");
  }

  @Test
  void aReplicaThatStoppedHasAnUnknownLagAndSaysWhy() {
    lab.get().killDatabase(Lab.SITE_B);

    List<ReplicaLag> lags = database.replicaLag("payments");

    assertThat(lags)
        .singleElement()
        .satisfies(
            lag -> {
              assertThat(lag.site()).isEqualTo(Lab.SITE_B);
              assertThat(lag.lagMillis()).isNull();
              assertThat(lag.error()).isNotBlank();
            });
    assertThat(exported).containsEntry("payments/site-b", -1L);
  }
}
