package dev.standby.activities.impl;

import dev.standby.activities.BackupActivities;
import dev.standby.activities.CurrentActivity;
import dev.standby.backup.BackupCatalog;
import dev.standby.backup.BackupRestorer;
import dev.standby.backup.BackupStores;
import dev.standby.backup.BackupWriter;
import dev.standby.backup.CorruptBackupException;
import dev.standby.backup.EnvKeyProvider;
import dev.standby.backup.KeyProvider;
import dev.standby.backup.MissingCopyException;
import dev.standby.backup.ReadBackProgress;
import dev.standby.backup.UploadProgress;
import dev.standby.backup.WrongKeyException;
import dev.standby.metrics.BackupMetrics;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.backup.BackupCopy;
import dev.standby.model.backup.BackupDump;
import dev.standby.model.backup.BackupManifest;
import dev.standby.model.backup.BackupPlan;
import dev.standby.model.backup.PruneReport;
import dev.standby.model.backup.RestoreCheck;
import dev.standby.storage.NoSuchObjectException;
import dev.standby.storage.StorageException;
import dev.standby.topology.ServiceTopology;
import dev.standby.topology.ServiceTopology.Backup;
import dev.standby.topology.Topology;
import io.temporal.activity.Activity;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backup activities over the storage capability's stores. Keys come from {@code keys} (by default
 * the env var the topology names) inside the activity, so they never reach a workflow's history.
 * Errors retrying cannot fix become typed non-retryable failures: a missing or corrupt copy (the
 * restore workflow tries the next), a wrong key.
 */
public class BackupActivitiesImpl implements BackupActivities {
  private static final Logger log = LoggerFactory.getLogger(BackupActivitiesImpl.class);

  private final Topology topology;
  private final UnaryOperator<String> environment;
  private final Function<Backup, KeyProvider> keys;
  private final BackupWriter writer;
  private final BackupCatalog catalog;
  private final BackupRestorer restorer;
  private final BackupMetrics metrics;

  public BackupActivitiesImpl(
      Topology topology, BackupStores stores, UnaryOperator<String> environment) {
    this(topology, stores, environment, BackupMetrics.NONE);
  }

  /**
   * @param metrics hears of every copy read back whole (the worker's Prometheus gauges)
   */
  public BackupActivitiesImpl(
      Topology topology,
      BackupStores stores,
      UnaryOperator<String> environment,
      BackupMetrics metrics) {
    this(
        topology,
        stores,
        environment,
        b -> new EnvKeyProvider(b.keyId(), b.keyEnv(), environment),
        metrics);
  }

  public BackupActivitiesImpl(
      Topology topology,
      BackupStores stores,
      UnaryOperator<String> environment,
      Function<Backup, KeyProvider> keys) {
    this(topology, stores, environment, keys, BackupMetrics.NONE);
  }

  public BackupActivitiesImpl(
      Topology topology,
      BackupStores stores,
      UnaryOperator<String> environment,
      Function<Backup, KeyProvider> keys,
      BackupMetrics metrics) {
    this.topology = topology;
    this.environment = environment;
    this.keys = keys;
    this.metrics = metrics;
    this.writer = new BackupWriter(stores);
    this.catalog = new BackupCatalog(stores);
    this.restorer = new BackupRestorer(stores);
  }

  @Override
  public BackupPlan plan(String service) {
    Backup settings = settings(service);
    return new BackupPlan(service, List.copyOf(settings.targets().keySet()), settings.from());
  }

  @Override
  public BackupDump dump(String service, String backupId, String target, String site) {
    Backup settings = settings(service);
    requireTarget(service, settings, target);
    ServiceTopology.Database database =
        Lookup.site(Lookup.service(topology, service), site).database();
    return run(
        "dump of " + service + " to " + target,
        () ->
            writer.dump(
                service,
                backupId,
                settings,
                database,
                password(database),
                keys.apply(settings),
                target,
                previousUpload(),
                CurrentActivity::heartbeat));
  }

  @Override
  public BackupCopy copy(String service, BackupCopy from, String target) {
    Backup settings = settings(service);
    requireTarget(service, settings, target);
    return run(
        "copy of " + from.location() + " to " + target,
        () -> writer.copy(from, settings, target, previousUpload(), CurrentActivity::heartbeat));
  }

  @Override
  public BackupCopy verify(String service, BackupCopy copy, String expectedSha256) {
    Backup settings = settings(service);
    BackupCopy verified =
        run(
            "verifying " + copy.location(),
            () ->
                writer.verify(
                    copy,
                    settings,
                    expectedSha256,
                    bytes ->
                        CurrentActivity.heartbeat(
                            new ReadBackProgress(copy.target(), bytes, copy.size()))));
    // only a copy read back whole counts as a backup in that target
    metrics.copyVerified(service, verified.target(), System.currentTimeMillis());
    return verified;
  }

  @Override
  public void writeManifest(BackupManifest manifest) {
    Backup settings = settings(manifest.service());
    run(
        "writing the manifest of " + manifest.backupId(),
        () -> {
          catalog.writeManifest(manifest, settings);
          return null;
        });
  }

  @Override
  public PruneReport prune(String service, long nowMillis) {
    Backup settings = settings(service);
    return run("pruning " + service, () -> catalog.prune(service, settings, nowMillis));
  }

  @Override
  public List<String> applyLifecycle(String service) {
    Backup settings = settings(service);
    return run("lifecycle rules of " + service, () -> catalog.applyLifecycle(service, settings));
  }

  @Override
  public List<BackupManifest> listBackups(String service) {
    Backup settings = settings(service);
    return run(
        "listing backups of " + service,
        () ->
            catalog.list(
                service,
                settings,
                (target, e) ->
                    log.warn(
                        "backups of {}: target {} did not answer: {}",
                        service,
                        target,
                        e.getMessage())));
  }

  /**
   * Every backup found, as {@link #listBackups}, telling {@code unreachable} of each target that
   * did not answer: readiness reports those by name. Not an activity: readiness calls it inside its
   * own.
   */
  public List<BackupManifest> listBackups(
      String service, java.util.function.BiConsumer<String, Exception> unreachable) {
    return catalog.list(service, settings(service), unreachable::accept);
  }

  @Override
  public RestoreCheck restoreAndCheck(String service, BackupManifest manifest, String target) {
    Backup settings = settings(service);
    requireTarget(service, settings, target);
    return run(
        "restore of " + manifest.backupId() + " from " + target,
        () ->
            restorer.restore(
                manifest,
                target,
                settings,
                keys.apply(settings),
                bytes ->
                    CurrentActivity.heartbeat(
                        new ReadBackProgress(target, bytes, sizeIn(manifest, target)))));
  }

  /** The size of the backup's copy in {@code target}: its encrypted size, the same in every one. */
  private static long sizeIn(BackupManifest manifest, String target) {
    return manifest.copies().stream()
        .filter(c -> c.target().equals(target))
        .mapToLong(BackupCopy::size)
        .findFirst()
        .orElse(manifest.size());
  }

  private Backup settings(String service) {
    Backup settings = Lookup.service(topology, service).backup();
    if (settings == null) {
      throw Failures.nonRetryable(
          FailureType.BACKUP_NOT_CONFIGURED,
          "service '"
              + service
              + "' has no backup block in the topology (services.<name>.backup: targets, keyId, keyEnv, retention)");
    }
    return settings;
  }

  private static void requireTarget(String service, Backup settings, String target) {
    if (!settings.targets().containsKey(target)) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          "service '"
              + service
              + "' has no backup target '"
              + target
              + "' (targets: "
              + String.join(", ", settings.targets().keySet())
              + ")");
    }
  }

  private String password(ServiceTopology.Database database) {
    if (database.passwordEnv() == null) {
      return null;
    }
    String password = environment.apply(database.passwordEnv());
    if (password == null) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          "environment variable "
              + database.passwordEnv()
              + " (the database password) is not set on the worker");
    }
    return password;
  }

  /** What the previous attempt of this activity heartbeated: the upload a crashed worker left. */
  private static Optional<UploadProgress> previousUpload() {
    try {
      return Activity.getExecutionContext().getHeartbeatDetails(UploadProgress.class);
    } catch (IllegalStateException notInAnActivity) {
      return Optional.empty();
    }
  }

  interface Work<T> {
    T run() throws IOException, SQLException, InterruptedException;
  }

  /**
   * Turns what went wrong into a failure the workflow can act on: typed and final, or retryable.
   */
  private static <T> T run(String what, Work<T> work) {
    try {
      return work.run();
    } catch (WrongKeyException e) {
      throw Failures.nonRetryable(FailureType.WRONG_KEY, what + ": " + e.getMessage());
    } catch (CorruptBackupException e) {
      throw Failures.nonRetryable(FailureType.COPY_CORRUPT, what + ": " + e.getMessage());
    } catch (MissingCopyException | NoSuchObjectException e) {
      throw Failures.nonRetryable(FailureType.COPY_MISSING, what + ": " + e.getMessage());
    } catch (IllegalStateException e) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT, what + ": " + e.getMessage()); // a key not set or malformed
    } catch (StorageException | IOException | SQLException e) {
      throw Failures.retryable(Failures.PROVIDER_ERROR, what + ": " + e.getMessage(), e);
    } catch (java.io.UncheckedIOException e) {
      throw Failures.retryable(Failures.PROVIDER_ERROR, what + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Failures.retryable(Failures.TIMED_OUT, what + ": interrupted", e);
    }
  }
}
