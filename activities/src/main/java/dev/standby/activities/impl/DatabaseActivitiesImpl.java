package dev.standby.activities.impl;

import dev.standby.activities.DatabaseActivities;
import dev.standby.adapters.CurrentActivity;
import dev.standby.adapters.Failures;
import dev.standby.adapters.database.DatabaseAdapter;
import dev.standby.model.FailureType;
import dev.standby.model.FenceResult;
import dev.standby.model.PromotionResult;
import dev.standby.model.ReplicationStatus;
import dev.standby.model.ResyncResult;
import dev.standby.model.TableChecksum;
import dev.standby.topology.ServiceTopology;
import dev.standby.topology.Topology;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** Finds the site's database in the topology and hands it to the adapter of its provider. */
public class DatabaseActivitiesImpl implements DatabaseActivities {
  /** awaitReplay outside an activity (no timeout to inherit) gives up after this. */
  static final Duration AWAIT_REPLAY_FALLBACK = Duration.ofMinutes(10);

  private final Topology topology;
  private final Map<String, DatabaseAdapter> adapters;

  /** @param adapters by provider name as written in the topology ({@code postgresql}) */
  public DatabaseActivitiesImpl(Topology topology, Map<String, DatabaseAdapter> adapters) {
    this.topology = topology;
    this.adapters = Map.copyOf(adapters);
  }

  @Override
  public ReplicationStatus replicationStatus(String service, String site) {
    return on(service, site, (adapter, db) -> adapter.status(site, db));
  }

  @Override
  public FenceResult fence(String service, String site) {
    return on(service, site, (adapter, db) -> adapter.fence(site, db));
  }

  @Override
  public void unfence(String service, String site) {
    on(service, site, (adapter, db) -> {
      adapter.unfence(site, db);
      return null;
    });
  }

  @Override
  public ReplicationStatus awaitReplay(String service, String site, String lsn) {
    // Give up just before the attempt's own timeout, so the failure says how far replay got.
    Duration left = CurrentActivity.timeLeft(AWAIT_REPLAY_FALLBACK).minusSeconds(1);
    return on(service, site, (adapter, db) -> adapter.awaitReplay(site, db, lsn, left.isNegative() ? Duration.ZERO : left));
  }

  @Override
  public PromotionResult promote(String service, String site) {
    return on(service, site, (adapter, db) -> adapter.promote(site, db));
  }

  @Override
  public ResyncResult resyncAsReplica(String service, String site, String primarySite) {
    ServiceTopology.Database primary = Lookup.site(Lookup.service(topology, service), primarySite).database();
    if (primarySite.equals(site)) {
      throw Failures.nonRetryable(FailureType.INVALID_INPUT,
          "cannot resync " + site + " as a replica of itself");
    }
    Duration left = CurrentActivity.timeLeft(AWAIT_REPLAY_FALLBACK).minusSeconds(1);
    return on(service, site, (adapter, db) -> adapter.resyncAsReplica(site, db, primarySite, primary,
        left.isNegative() ? Duration.ZERO : left));
  }

  @Override
  public List<TableChecksum> checksums(String service, String site, List<String> tables, Map<String, Long> upToKey) {
    return on(service, site, (adapter, db) -> adapter.checksums(site, db, tables, upToKey == null ? Map.of() : upToKey));
  }

  /** The keys in {@code keys} that {@code table.column} on the site's database does not have: writes it lost. */
  public List<Long> missingKeys(String service, String site, String table, String column, List<Long> keys) {
    return on(service, site, (adapter, db) -> adapter.missingKeys(site, db, table, column, keys));
  }

  private <T> T on(String service, String site, BiFunction<DatabaseAdapter, ServiceTopology.Database, T> action) {
    ServiceTopology.Database db = Lookup.site(Lookup.service(topology, service), site).database();
    return action.apply(Lookup.provider(adapters, db.provider(), "database"), db);
  }
}
