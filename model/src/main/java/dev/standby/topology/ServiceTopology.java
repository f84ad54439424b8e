package dev.standby.topology;

import dev.standby.model.CommsTemplates;
import dev.standby.model.backup.BackupSource;
import dev.standby.model.objectsync.StoreSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How one service runs: its sites, how to probe it, its database per site, its traffic router, its
 * objectives.
 */
public record ServiceTopology(
    String name,
    String primarySite,
    Duration rto,
    Duration rpo,
    HealthCheck health,
    Monitor monitor,
    Verify verify,
    Traffic traffic,
    Map<String, SiteEndpoints> sites,
    Failback failback,
    Notify notifications,
    Backup backup,
    Drill drill) {

  /** A service without a {@code drill} block gets the defaults. */
  public ServiceTopology(
      String name,
      String primarySite,
      Duration rto,
      Duration rpo,
      HealthCheck health,
      Monitor monitor,
      Verify verify,
      Traffic traffic,
      Map<String, SiteEndpoints> sites,
      Failback failback,
      Notify notifications,
      Backup backup) {
    this(
        name,
        primarySite,
        rto,
        rpo,
        health,
        monitor,
        verify,
        traffic,
        sites,
        failback,
        notifications,
        backup,
        Drill.DEFAULTS);
  }

  /** A service without a {@code backup} block: nothing to back up. */
  public ServiceTopology(
      String name,
      String primarySite,
      Duration rto,
      Duration rpo,
      HealthCheck health,
      Monitor monitor,
      Verify verify,
      Traffic traffic,
      Map<String, SiteEndpoints> sites,
      Failback failback,
      Notify notifications) {
    this(
        name,
        primarySite,
        rto,
        rpo,
        health,
        monitor,
        verify,
        traffic,
        sites,
        failback,
        notifications,
        null);
  }

  /** A service without a {@code failback} block gets the defaults. */
  public ServiceTopology(
      String name,
      String primarySite,
      Duration rto,
      Duration rpo,
      HealthCheck health,
      Monitor monitor,
      Verify verify,
      Traffic traffic,
      Map<String, SiteEndpoints> sites) {
    this(name, primarySite, rto, rpo, health, monitor, verify, traffic, sites, Failback.DEFAULTS);
  }

  /** A service without a {@code notify} block gets the defaults. */
  public ServiceTopology(
      String name,
      String primarySite,
      Duration rto,
      Duration rpo,
      HealthCheck health,
      Monitor monitor,
      Verify verify,
      Traffic traffic,
      Map<String, SiteEndpoints> sites,
      Failback failback) {
    this(
        name,
        primarySite,
        rto,
        rpo,
        health,
        monitor,
        verify,
        traffic,
        sites,
        failback,
        Notify.DEFAULTS);
  }

  /**
   * @param path the full health check: the site serves, its dependencies included
   * @param liveness optional: a path that answers 200 while the app process runs and serves,
   *     without touching any dependency (a standby whose primary is gone is alive); null: none
   */
  public record HealthCheck(
      String path, Duration timeout, Duration latencyBudget, String liveness) {
    public HealthCheck(String path, Duration timeout, Duration latencyBudget) {
      this(path, timeout, latencyBudget, null);
    }

    /** The liveness check: this check at the liveness path, or this very check without one. */
    public HealthCheck forLiveness() {
      return liveness == null ? this : new HealthCheck(liveness, timeout, latencyBudget, null);
    }
  }

  /**
   * @param reconcile how often the service reads every site's database (a second writable primary
   *     is fenced within about this long)
   * @param watch whether the service's health monitor is on from the start (else {@code POST
   *     /monitors} turns it on)
   * @param readiness how often the service's readiness is evaluated (5 minutes by default)
   * @param dnsTtl where DNS routes the traffic, the records' TTL: clients keep the old answer this
   *     long after a failover, so the projected RTO adds it; null where a proxy routes
   */
  public record Monitor(
      Duration interval,
      int failureThreshold,
      Duration reconcile,
      boolean watch,
      Duration readiness,
      Duration dnsTtl) {
    public static final Duration READINESS_EVERY = Duration.ofMinutes(5);

    public Monitor(Duration interval, int failureThreshold) {
      this(interval, failureThreshold, Duration.ofSeconds(5), false);
    }

    public Monitor(Duration interval, int failureThreshold, Duration reconcile, boolean watch) {
      this(interval, failureThreshold, reconcile, watch, READINESS_EVERY, null);
    }
  }

  /**
   * Real requests through the front door; {@code siteHeader} names the response header that says
   * which site answered.
   */
  public record Verify(String path, int requests, String siteHeader, Duration timeout) {}

  /**
   * @param admin the router's admin endpoint (HAProxy: host:port of its runtime API)
   * @param group the router's group of targets (HAProxy: the backend; Route 53: the hosted zone id;
   *     Cloud DNS: the managed zone; Traffic Manager: the profile)
   * @param cloud where a cloud router lives and how each site is named in it; null for HAProxy
   * @param also more routers set to the same weights after this one (e.g. public DNS in front of
   *     the load balancers); weights are read from this one
   */
  public record Traffic(
      String provider,
      String admin,
      String group,
      String frontDoor,
      CloudRouter cloud,
      List<Traffic> also) {
    public Traffic(String provider, String admin, String group, String frontDoor) {
      this(provider, admin, group, frontDoor, null, List.of());
    }
  }

  /**
   * @param site the site whose cloud account (region / project / subscription, credentials) holds
   *     the router
   * @param record the DNS name whose weighted records are set (Route 53, Cloud DNS); null for
   *     Traffic Manager
   * @param recordType A, AAAA or CNAME
   * @param resourceGroup Traffic Manager: the profile's resource group
   * @param targets each site's name in the router: Route 53 set identifier, Cloud DNS rrdata,
   *     Traffic Manager endpoint
   */
  public record CloudRouter(
      String site,
      String record,
      String recordType,
      String resourceGroup,
      Map<String, String> targets) {}

  /**
   * @param trafficTarget this site's name in the router (HAProxy: the server in the backend)
   * @param compute the site's app tier, scaled up when the site takes over and down when it is
   *     left; or null
   * @param priority 0 to 100: among standbys that have replayed as much, the higher one is elected;
   *     0 is never elected unless named (pg_auto_failover's candidate priority)
   * @param backupOnly holds backup copies and object replicas only: never a failover target, never
   *     traffic; its app and database may be left out
   * @param objects the site's object store: the service's object sync copies the primary's into
   *     every other site's; null when the service declares none
   */
  public record SiteEndpoints(
      String app,
      Database database,
      String trafficTarget,
      Compute compute,
      int priority,
      boolean backupOnly,
      StoreSpec objects) {
    /** Priority when the topology gives none (pg_auto_failover's default too). */
    public static final int DEFAULT_PRIORITY = 50;

    public SiteEndpoints(
        String app,
        Database database,
        String trafficTarget,
        Compute compute,
        int priority,
        boolean backupOnly) {
      this(app, database, trafficTarget, compute, priority, backupOnly, null);
    }

    public SiteEndpoints(String app, Database database, String trafficTarget, Compute compute) {
      this(app, database, trafficTarget, compute, DEFAULT_PRIORITY, false);
    }

    public SiteEndpoints(String app, Database database, String trafficTarget) {
      this(app, database, trafficTarget, null);
    }
  }

  /**
   * An autoscaling group and its desired capacity while the site serves ({@code active}) and while
   * it waits.
   */
  public record Compute(String provider, String group, int active, int standby) {}

  /**
   * @param url JDBC URL; for a managed database optional, and then fencing and catch-up are not
   *     available
   * @param passwordEnv the environment variable holding the password: secrets stay out of files and
   *     histories
   * @param local how to control this database on the worker's own machine (resync needs it), or
   *     null
   * @param instance managed databases: the RDS DB instance id, Cloud SQL instance or Azure flexible
   *     server name
   * @param resourceGroup Azure: the flexible server's resource group
   */
  public record Database(
      String provider,
      String url,
      String user,
      String passwordEnv,
      Local local,
      String instance,
      String resourceGroup) {
    public Database(String provider, String url, String user, String passwordEnv) {
      this(provider, url, user, passwordEnv, null);
    }

    public Database(String provider, String url, String user, String passwordEnv, Local local) {
      this(provider, url, user, passwordEnv, local, null, null);
    }
  }

  /**
   * A database the worker can stop, rewind and start itself: its data dir, the PostgreSQL binaries,
   * the OS user it runs as (null: the worker's own user) and the file its server log goes to (null:
   * none).
   */
  public record Local(String dataDir, String binDir, String osUser, String logFile) {}

  /**
   * How a failback ramps traffic home: target weights in percent, a bake per step during which the
   * front door is sampled every {@code sampleEvery} with {@code sampleRequests} real requests, the
   * gate's thresholds for the returning site, what a failed gate does ({@code rollback} or {@code
   * hold}) and after which step's bake the database switches over.
   */
  public record Failback(
      List<Integer> steps,
      Duration bake,
      Duration sampleEvery,
      int sampleRequests,
      double maxErrorRate,
      Duration maxLatency,
      String onGateFailure,
      int switchDatabaseAt) {
    public static final Failback DEFAULTS =
        new Failback(
            List.of(10, 25, 50, 75, 100),
            Duration.ofMinutes(5),
            Duration.ofSeconds(10),
            50,
            0.01,
            Duration.ofMillis(500),
            "rollback",
            100);
  }

  /**
   * Who hears about the service's runs and who approves their risky steps: its Slack channel (null:
   * the worker's default channel), the contact levels asked in turn while an approval waits (empty:
   * 15, 15 and 30 minutes with nobody mentioned), what the run does when the last level's timeout
   * passes ({@code keep-waiting}, {@code proceed} or {@code abort}) and the texts posted when a
   * failover or failback starts, moves on and ends.
   */
  public record Notify(
      String channel, List<ContactLevel> levels, String onLastTimeout, CommsTemplates templates) {
    public static final Notify DEFAULTS =
        new Notify(null, List.of(), "keep-waiting", CommsTemplates.DEFAULTS);
  }

  /**
   * One contact level: the Slack user ids (or group ids) mentioned, and how long they have to
   * answer.
   */
  public record ContactLevel(List<String> approvers, Duration timeout) {}

  /** The same service as seen by another of its routers ({@link Traffic#also}). */
  public ServiceTopology withTraffic(Traffic router) {
    return new ServiceTopology(
        name,
        primarySite,
        rto,
        rpo,
        health,
        monitor,
        verify,
        router,
        sites,
        failback,
        notifications,
        backup);
  }

  /**
   * How drills run for this service ({@code drill} block): the write load and where its sequence
   * numbers live, integration checks, tables to checksum, stop conditions, blackout windows, the
   * schedule, and how faults are injected.
   */
  public record Drill(
      WriteLoad writeLoad,
      int writers,
      Duration baseline,
      Duration settle,
      Duration maxLoad,
      List<dev.standby.model.health.HttpCheck> checks,
      List<String> tables,
      Double maxErrorRate,
      Duration errorWindow,
      List<dev.standby.model.drill.BlackoutWindow> blackouts,
      Schedule schedule,
      Faults faults,
      Practice practice) {
    public static final Drill DEFAULTS =
        new Drill(
            null,
            4,
            Duration.ofSeconds(2),
            Duration.ofSeconds(2),
            Duration.ofMinutes(2),
            List.of(),
            List.of(),
            null,
            null,
            List.of(),
            null,
            null,
            null);

    /** A drill block without a practice block: practice drills are not configured. */
    public Drill(
        WriteLoad writeLoad,
        int writers,
        Duration baseline,
        Duration settle,
        Duration maxLoad,
        List<dev.standby.model.health.HttpCheck> checks,
        List<String> tables,
        Double maxErrorRate,
        Duration errorWindow,
        List<dev.standby.model.drill.BlackoutWindow> blackouts,
        Schedule schedule,
        Faults faults) {
      this(
          writeLoad,
          writers,
          baseline,
          settle,
          maxLoad,
          checks,
          tables,
          maxErrorRate,
          errorWindow,
          blackouts,
          schedule,
          faults,
          null);
    }
  }

  /**
   * How a practice failover runs ({@code drill.practice}): the clone is made by the standby
   * database's own provider; {@code scratchDir} is where a local clone's data dir and the isolated
   * app's files go (postgresql only); {@code app} is the command that starts a copy of the app,
   * with {@code {port}}, {@code {dbHost}}, {@code {dbPort}} and {@code {name}} filled in; the front
   * door is measured for {@code baseline} before the clone and in slices of {@code slice} while the
   * practice runs, by {@code writers} writers; the isolated app must serve {@code requests} real
   * requests.
   */
  public record Practice(
      String scratchDir,
      List<String> app,
      Duration baseline,
      Duration slice,
      int writers,
      int requests) {}

  /**
   * Writes a drill sends through the front door: POST {@code path} with {@code body}; the answer's
   * {@code sequenceField} is the write's number, found later in {@code table}.{@code column}.
   */
  public record WriteLoad(
      String path, String body, String sequenceField, String table, String column) {}

  /**
   * A drill the worker schedules when it starts: a cron expression (or {@code @every 10m}) and what
   * to run.
   */
  public record Schedule(String cron, String type, String fault) {}

  /**
   * How faults are injected: provider {@code lab} (the lab's processes and the sample app's fault
   * switch).
   */
  public record Faults(String provider, String labDir, String command) {}

  /**
   * 3-2-1 backups of the service's database: dumped from its current primary (or a caught-up
   * replica of it, {@code from}), encrypted with the key in the environment variable {@code keyEnv}
   * (id {@code keyId}), stored in every target (the first gets the dump, the others copy it),
   * pruned by {@code retention}, proved by scheduled restores into a scratch PostgreSQL.
   *
   * @param site the site the service starts on, whose cloud the 3-2-1 rule counts as the database's
   *     own
   * @param compression zstd level for each chunk, 1 (fastest) to 19, or 0 for none
   * @param checks SQL queries a restored database must answer with true
   * @param scratchBinDir the PostgreSQL binaries a scratch cluster runs with
   * @param scratchOsUser the OS user a scratch cluster runs as (PostgreSQL refuses root), null: the
   *     worker's own
   */
  public record Backup(
      String site,
      BackupSource from,
      String keyId,
      String keyEnv,
      String prefix,
      int compression,
      Map<String, BackupTarget> targets,
      Retention retention,
      String backupSchedule,
      String restoreSchedule,
      List<String> checks,
      String scratchBinDir,
      String scratchOsUser) {}

  /**
   * Where one copy goes: the store, in the same words as an object sync's ({@code provider:
   * filesystem|s3|gcs|azure}, credentials named by env var), and the {@code media} (disk, object)
   * and {@code cloud} (onprem, aws, gcp, azure) the 3-2-1 rule counts.
   */
  public record BackupTarget(StoreSpec store, String media, String cloud) {}

  /**
   * Keep the newest backup of each of the last {@code daily} days, {@code weekly} weeks, {@code
   * monthly} months.
   */
  public record Retention(int daily, int weekly, int monthly) {}

  /** The sites that take traffic and may be failed over to: every site but the backup-only ones. */
  public Map<String, SiteEndpoints> servingSites() {
    Map<String, SiteEndpoints> serving = new java.util.LinkedHashMap<>();
    sites.forEach(
        (name, endpoints) -> {
          if (!endpoints.backupOnly()) {
            serving.put(name, endpoints);
          }
        });
    return serving;
  }

  public SiteEndpoints site(String site) {
    SiteEndpoints endpoints = sites.get(site);
    if (endpoints == null) {
      throw new IllegalArgumentException(
          "service '"
              + name
              + "' has no site '"
              + site
              + "' (known: "
              + String.join(", ", sites.keySet())
              + ")");
    }
    return endpoints;
  }
}
