package dev.standby.activities.impl;

import dev.standby.activities.CurrentActivity;
import dev.standby.activities.DatabaseActivities;
import dev.standby.adapters.DatabaseAdapter;
import dev.standby.adapters.DatabaseObservation;
import dev.standby.metrics.ReplicationMetrics;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.database.DatabaseRole;
import dev.standby.model.database.PromotionResult;
import dev.standby.model.database.ReplicaLag;
import dev.standby.model.database.ReplicationStatus;
import dev.standby.model.database.ResyncResult;
import dev.standby.model.database.SiteObservation;
import dev.standby.model.database.TableChecksum;
import dev.standby.topology.ServiceTopology;
import dev.standby.topology.Topology;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

/**
 * Finds the site's database in the topology and hands it to the adapter of its provider. What needs
 * the database's host is {@link DatabaseHostActivitiesImpl}.
 */
public class DatabaseActivitiesImpl implements DatabaseActivities {
  /** awaitReplay outside an activity (no timeout to inherit) gives up after this. */
  static final Duration AWAIT_REPLAY_FALLBACK = Duration.ofMinutes(10);

  /**
   * observe's bound: a hung server is reported unreachable after this, whatever its driver does.
   */
  static final Duration OBSERVE_WITHIN = Duration.ofMillis(2_500);

  private final Topology topology;
  private final Map<String, DatabaseAdapter> adapters;
  private final ReplicationMetrics metrics;

  /**
   * @param adapters by provider name as written in the topology ({@code postgresql})
   */
  public DatabaseActivitiesImpl(Topology topology, Map<String, DatabaseAdapter> adapters) {
    this(topology, adapters, ReplicationMetrics.NONE);
  }

  /**
   * @param metrics where measured replica lags go (the worker's Prometheus gauges)
   */
  public DatabaseActivitiesImpl(
      Topology topology, Map<String, DatabaseAdapter> adapters, ReplicationMetrics metrics) {
    this.topology = topology;
    this.adapters = Map.copyOf(adapters);
    this.metrics = metrics;
  }

  @Override
  public ReplicationStatus replicationStatus(String service, String site) {
    return on(service, site, (adapter, db) -> adapter.status(site, db));
  }

  @Override
  public List<SiteObservation> observe(String service) {
    ServiceTopology s = Lookup.service(topology, service);
    // A backup-only site may have no database: there is nothing to read.
    List<String> sites =
        s.sites().entrySet().stream()
            .filter(e -> e.getValue().database() != null)
            .map(Map.Entry::getKey)
            .toList();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            sites.size(),
            r -> {
              Thread t = new Thread(r, "observe-" + service);
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<DatabaseObservation>> reads = new ArrayList<>();
      for (String site : sites) {
        ServiceTopology.Database db = s.site(site).database();
        reads.add(pool.submit(() -> adapter(db).observe(site, db)));
      }
      long deadline = System.nanoTime() + OBSERVE_WITHIN.toNanos();
      List<SiteObservation> seen = new ArrayList<>();
      for (int i = 0; i < sites.size(); i++) {
        String site = sites.get(i);
        ServiceTopology.Database db = s.site(site).database();
        DatabaseObservation o = awaitObservation(site, db, reads.get(i), deadline);
        seen.add(
            new SiteObservation(
                o.status(),
                siteAt(s, o.upstreamHost(), o.upstreamPort()),
                o.streaming(),
                o.processAlive()));
      }
      return seen;
    } finally {
      pool.shutdownNow(); // a read past the deadline ends with its own socket timeout
    }
  }

  private DatabaseObservation awaitObservation(
      String site, ServiceTopology.Database db, Future<DatabaseObservation> read, long deadline) {
    try {
      return read.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      read.cancel(true);
      return unreachable(site, db, "no answer within " + OBSERVE_WITHIN.toMillis() + " ms");
    } catch (ExecutionException e) {
      return unreachable(site, db, String.valueOf(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Failures.retryable(Failures.TIMED_OUT, "interrupted while observing " + site, e);
    }
  }

  private DatabaseObservation unreachable(String site, ServiceTopology.Database db, String why) {
    return new DatabaseObservation(
        new ReplicationStatus(site, DatabaseRole.UNREACHABLE, null, null, null, null, false, why),
        null,
        null,
        false,
        adapter(db).processAlive(db));
  }

  /**
   * The site whose database URL names this host and port (as written in the topology: no name
   * resolution), or null.
   */
  static String siteAt(ServiceTopology s, String host, Integer port) {
    if (host == null || port == null) {
      return null;
    }
    for (var site : s.sites().entrySet()) {
      if (site.getValue().database() == null) {
        continue;
      }
      String url = site.getValue().database().url();
      if (url == null || !url.startsWith("jdbc:")) {
        continue;
      }
      URI uri = URI.create(url.substring("jdbc:".length()));
      int sitePort = uri.getPort() > 0 ? uri.getPort() : 5432;
      if (host.equalsIgnoreCase(uri.getHost()) && port == sitePort) {
        return site.getKey();
      }
    }
    return null;
  }

  @Override
  public ReplicationStatus awaitReplay(String service, String site, String lsn) {
    // Give up just before the attempt's own timeout, so the failure says how far replay got.
    Duration left = CurrentActivity.timeLeft(AWAIT_REPLAY_FALLBACK).minusSeconds(1);
    return on(
        service,
        site,
        (adapter, db) ->
            adapter.awaitReplay(site, db, lsn, left.isNegative() ? Duration.ZERO : left));
  }

  @Override
  public PromotionResult promote(String service, String site) {
    return on(service, site, (adapter, db) -> adapter.promote(site, db));
  }

  @Override
  public ResyncResult repoint(String service, String site, String primarySite, String forkLsn) {
    ServiceTopology.Database primary =
        Lookup.site(Lookup.service(topology, service), primarySite).database();
    if (primarySite.equals(site)) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT, "cannot re-point " + site + " to itself");
    }
    Duration left = CurrentActivity.timeLeft(AWAIT_REPLAY_FALLBACK).minusSeconds(1);
    return on(
        service,
        site,
        (adapter, db) ->
            adapter.repoint(
                site, db, primarySite, primary, forkLsn, left.isNegative() ? Duration.ZERO : left));
  }

  @Override
  public List<ReplicaLag> replicaLag(String service) {
    ServiceTopology s = Lookup.service(topology, service);
    Map<String, ReplicationStatus> statuses = new LinkedHashMap<>();
    s.sites()
        .forEach(
            (site, endpoints) -> {
              if (endpoints.database() != null) {
                statuses.put(
                    site, adapter(endpoints.database()).status(site, endpoints.database()));
              }
            });
    // The primary's view (pg_stat_replication) counts too: a replica that stopped receiving looks
    // idle and fresh.
    Long primaryView =
        statuses.entrySet().stream()
            .filter(e -> e.getValue().role() == DatabaseRole.PRIMARY)
            .map(
                e ->
                    adapter(s.site(e.getKey()).database())
                        .standbysLagMillis(e.getKey(), s.site(e.getKey()).database()))
            .filter(Objects::nonNull)
            .max(Long::compare)
            .orElse(null);
    List<ReplicaLag> lags = new ArrayList<>();
    statuses.forEach(
        (site, status) -> {
          if (status.role() == DatabaseRole.PRIMARY) {
            return;
          }
          ServiceTopology.Database db = s.site(site).database();
          String source = adapter(db).lagSource();
          Long lag = status.role() == DatabaseRole.UNREACHABLE ? null : status.lagMillis();
          if (lag != null && primaryView != null && primaryView > lag) {
            lag = primaryView;
            source = "pg_stat_replication";
          }
          lags.add(
              new ReplicaLag(
                  site, db.provider(), lag, source, System.currentTimeMillis(), status.error()));
          metrics.replicaLag(service, site, db.provider(), lag, s.rpo().toMillis());
        });
    return lags;
  }

  private DatabaseAdapter adapter(ServiceTopology.Database db) {
    return Lookup.provider(adapters, db.provider(), "database");
  }

  @Override
  public List<TableChecksum> checksums(
      String service, String site, List<String> tables, Map<String, Long> upToKey) {
    return on(
        service,
        site,
        (adapter, db) -> adapter.checksums(site, db, tables, upToKey == null ? Map.of() : upToKey));
  }

  /**
   * The keys in {@code keys} that {@code table.column} on the site's database does not have: writes
   * it lost.
   */
  public List<Long> missingKeys(
      String service, String site, String table, String column, List<Long> keys) {
    return on(service, site, (adapter, db) -> adapter.missingKeys(site, db, table, column, keys));
  }

  private <T> T on(
      String service,
      String site,
      BiFunction<DatabaseAdapter, ServiceTopology.Database, T> action) {
    ServiceTopology.Database db = Lookup.site(Lookup.service(topology, service), site).database();
    return action.apply(Lookup.provider(adapters, db.provider(), "database"), db);
  }
}
