package dev.standby.worker;

import dev.standby.activities.NotifyActivities;
import dev.standby.activities.impl.BackupActivitiesImpl;
import dev.standby.activities.impl.ComputeActivitiesImpl;
import dev.standby.activities.impl.DatabaseActivitiesImpl;
import dev.standby.activities.impl.DatabaseCloneActivitiesImpl;
import dev.standby.activities.impl.DatabaseHostActivitiesImpl;
import dev.standby.activities.impl.FaultActivitiesImpl;
import dev.standby.activities.impl.HealthActivitiesImpl;
import dev.standby.activities.impl.IsolatedAppActivitiesImpl;
import dev.standby.activities.impl.ObjectStores;
import dev.standby.activities.impl.ObjectSyncActivitiesImpl;
import dev.standby.activities.impl.ReadinessActivitiesImpl;
import dev.standby.activities.impl.RegionActivitiesImpl;
import dev.standby.activities.impl.ReportActivitiesImpl;
import dev.standby.activities.impl.RunActivitiesImpl;
import dev.standby.activities.impl.ServiceActivitiesImpl;
import dev.standby.activities.impl.TopologyActivitiesImpl;
import dev.standby.activities.impl.TrafficActivitiesImpl;
import dev.standby.activities.impl.WriteLoadActivitiesImpl;
import dev.standby.adapters.DatabaseAdapter;
import dev.standby.adapters.aws.AutoScalingCompute;
import dev.standby.adapters.aws.AwsClients;
import dev.standby.adapters.aws.RdsCloner;
import dev.standby.adapters.aws.RdsDatabaseAdapter;
import dev.standby.adapters.aws.Route53TrafficRouter;
import dev.standby.adapters.azure.AzureClients;
import dev.standby.adapters.azure.AzurePostgresCloner;
import dev.standby.adapters.azure.AzurePostgresDatabaseAdapter;
import dev.standby.adapters.azure.TrafficManagerRouter;
import dev.standby.adapters.gcp.CloudDnsTrafficRouter;
import dev.standby.adapters.gcp.CloudSqlCloner;
import dev.standby.adapters.gcp.CloudSqlDatabaseAdapter;
import dev.standby.adapters.gcp.GcpClients;
import dev.standby.adapters.haproxy.HaproxyTrafficRouter;
import dev.standby.adapters.health.HttpHealthProbe;
import dev.standby.adapters.lab.LabFaults;
import dev.standby.adapters.local.LocalIsolatedApps;
import dev.standby.adapters.notify.Notifiers;
import dev.standby.adapters.postgres.LocalPostgresCloner;
import dev.standby.adapters.postgres.PostgresDatabaseAdapter;
import dev.standby.adapters.slack.SlackReachability;
import dev.standby.model.database.ReplicationStatus;
import dev.standby.model.health.HealthReport;
import dev.standby.model.readiness.ReadinessFacts;
import dev.standby.topology.Topology;
import dev.standby.traffic.ServingVerifier;
import io.temporal.client.WorkflowClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Every activity implementation, each built with the provider adapters the topology names. */
record StandbyActivities(
    TopologyActivitiesImpl topology,
    HealthActivitiesImpl health,
    DatabaseActivitiesImpl database,
    TrafficActivitiesImpl traffic,
    NotifyActivities notifier,
    ObjectSyncActivitiesImpl objectSync,
    BackupActivitiesImpl backup,
    ComputeActivitiesImpl compute,
    ServiceActivitiesImpl services,
    RegionActivitiesImpl regions,
    DrillCapabilities drills,
    SiteHostCapabilities siteHost,
    ReadinessActivitiesImpl readiness) {

  /** What only drills use: the write load, waiting for another run, and the reports. */
  record DrillCapabilities(
      WriteLoadActivitiesImpl writeLoad,
      RunActivitiesImpl runs,
      ReportActivitiesImpl reports,
      DatabaseCloneActivitiesImpl clones,
      IsolatedAppActivitiesImpl isolatedApps) {}

  /**
   * What needs a database's or an app's own host, served on each site's queue ({@code
   * standby-<site>}) by that site's worker: fencing, isolating and resyncing its database, and the
   * lab's faults.
   */
  record SiteHostCapabilities(DatabaseHostActivitiesImpl database, FaultActivitiesImpl faults) {
    /** The central queue's activities: everything but the site-host ones. */
    Object[] toArray() {
      return new Object[] {database, faults};
    }
  }

  /**
   * Every provider's adapter, built lazily per site: cloud clients are made on first use with the
   * SDKs' default credential chains, so a topology that names no cloud needs no cloud credentials.
   *
   * @param metrics the worker's Prometheus hooks: replica lags, object-sync RPO, backup copies,
   *     approvals, ended runs and service states
   * @param client the worker's Temporal client, for the service workflows and for drills that wait
   *     on runs they did not start
   * @param reports the folder drill reports (and their write-load journals) are written to
   */
  static StandbyActivities fromTopology(
      Topology topology,
      Function<String, String> environment,
      StandbyMetrics metrics,
      WorkflowClient client,
      Path reports) {
    PostgresDatabaseAdapter postgres = new PostgresDatabaseAdapter();
    AwsClients aws = new AwsClients(topology.sites());
    GcpClients gcp = new GcpClients(topology.sites());
    AzureClients azure = new AzureClients(topology.sites());
    // one factory for backups, restore verification and object sync, so they share SDK clients per
    // endpoint
    ObjectStores stores = new ObjectStores(environment);
    Map<String, DatabaseAdapter> databases = databaseAdapters(postgres, aws, gcp, azure);
    DatabaseActivitiesImpl database =
        new DatabaseActivitiesImpl(topology, databases, metrics.replication());
    ServiceActivitiesImpl services =
        new ServiceActivitiesImpl(client, topology, metrics.operations());
    HealthActivitiesImpl health = new HealthActivitiesImpl(topology, new HttpHealthProbe());
    TrafficActivitiesImpl traffic =
        new TrafficActivitiesImpl(
            topology,
            Map.of(
                "haproxy",
                new HaproxyTrafficRouter(),
                "route53",
                new Route53TrafficRouter(aws),
                "clouddns",
                new CloudDnsTrafficRouter(gcp),
                "trafficmanager",
                new TrafficManagerRouter(azure)),
            new ServingVerifier());
    BackupActivitiesImpl backup =
        new BackupActivitiesImpl(topology, stores, environment::apply, metrics.backups());
    return new StandbyActivities(
        new TopologyActivitiesImpl(topology),
        health,
        database,
        traffic,
        metrics.notifying(Notifiers.fromEnvironment(environment, topology)),
        new ObjectSyncActivitiesImpl(stores, metrics.objectRpo()),
        backup,
        new ComputeActivitiesImpl(topology, Map.of("autoscaling", new AutoScalingCompute(aws))),
        services,
        new RegionActivitiesImpl(client, topology, services),
        new DrillCapabilities(
            new WriteLoadActivitiesImpl(topology, databases, reports),
            new RunActivitiesImpl(client),
            new ReportActivitiesImpl(reports),
            // Practice failovers: each provider clones with its own means.
            new DatabaseCloneActivitiesImpl(
                topology,
                Map.of(
                    "postgresql",
                    new LocalPostgresCloner(environment::apply),
                    "rds",
                    new RdsCloner(aws),
                    "cloudsql",
                    new CloudSqlCloner(gcp),
                    "azure-postgresql",
                    new AzurePostgresCloner(azure))),
            new IsolatedAppActivitiesImpl(
                topology, new LocalIsolatedApps(), new HttpHealthProbe())),
        siteHost(topology, databases),
        new ReadinessActivitiesImpl(
            topology, health, database, traffic, backup, slackProbe(environment)));
  }

  /** Slack's auth.test when the worker has a Slack token; null (not configured) otherwise. */
  private static java.util.function.Supplier<ReadinessFacts.Probe> slackProbe(
      Function<String, String> environment) {
    String token = environment.apply(Notifiers.TOKEN);
    if (token == null || token.isBlank()) {
      return null;
    }
    String url = environment.apply(Notifiers.API_URL);
    SlackReachability slack =
        new SlackReachability(
            token.strip(), url == null || url.isBlank() ? "https://slack.com/api/" : url);
    return slack::probe;
  }

  /**
   * What a site's own worker runs: the database adapters (cloud clients built lazily, as in the
   * central worker) and the faults; no notifier, no object stores, no Temporal client.
   */
  static SiteHostCapabilities siteHostOnly(Topology topology) {
    return siteHost(
        topology,
        databaseAdapters(
            new PostgresDatabaseAdapter(),
            new AwsClients(topology.sites()),
            new GcpClients(topology.sites()),
            new AzureClients(topology.sites())));
  }

  private static Map<String, DatabaseAdapter> databaseAdapters(
      PostgresDatabaseAdapter postgres, AwsClients aws, GcpClients gcp, AzureClients azure) {
    return Map.of(
        "postgresql",
        postgres,
        "rds",
        new RdsDatabaseAdapter(aws, postgres),
        "cloudsql",
        new CloudSqlDatabaseAdapter(gcp, postgres),
        "azure-postgresql",
        new AzurePostgresDatabaseAdapter(azure, postgres));
  }

  private static SiteHostCapabilities siteHost(
      Topology topology, Map<String, DatabaseAdapter> databases) {
    return new SiteHostCapabilities(
        new DatabaseHostActivitiesImpl(topology, databases),
        new FaultActivitiesImpl(topology, Map.of("lab", new LabFaults())));
  }

  Object[] toArray() {
    return new Object[] {
      topology,
      health,
      database,
      traffic,
      notifier,
      objectSync,
      backup,
      compute,
      services,
      regions,
      drills.writeLoad(),
      drills.runs(),
      drills.reports(),
      drills.clones(),
      drills.isolatedApps(),
      readiness
    };
  }

  /**
   * Probes every site's app and database once, before the worker takes work. It tells the operator
   * at start what the worker can reach, and it loads the HTTP and JDBC code paths, so the first
   * probe or promotion of an incident does not pay the JVM's class loading (about two seconds
   * here).
   */
  List<String> preflight(Topology world) {
    List<String> lines = new ArrayList<>();
    world
        .services()
        .forEach(
            (service, spec) ->
                spec.sites()
                    .keySet()
                    .forEach(
                        site -> {
                          HealthReport app = health.probe(service, site);
                          ReplicationStatus db = database.replicationStatus(service, site);
                          lines.add(
                              service
                                  + "/"
                                  + site
                                  + ": app "
                                  + app.summary()
                                  + "; database "
                                  + db.role()
                                  + (db.error() == null ? "" : " (" + db.error() + ")"));
                        }));
    return lines;
  }
}
