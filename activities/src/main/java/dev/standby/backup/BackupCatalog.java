package dev.standby.backup;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.standby.model.backup.BackupCopy;
import dev.standby.model.backup.BackupManifest;
import dev.standby.model.backup.PruneReport;
import dev.standby.storage.ExpirationRule;
import dev.standby.storage.ObjectInfo;
import dev.standby.storage.ObjectPage;
import dev.standby.storage.ObjectStore;
import dev.standby.storage.ObjectWriter;
import dev.standby.storage.StorageException;
import dev.standby.topology.ServiceTopology.Backup;
import dev.standby.topology.ServiceTopology.BackupTarget;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * The backups a service has in its targets: manifests written next to each copy, listed back from
 * any target that answers, and pruned by the retention policy in every target.
 */
public final class BackupCatalog {
  /**
   * A backup with data but no manifest anywhere is a run that died; after this long it is deleted
   * as incomplete.
   */
  static final long INCOMPLETE_AFTER_MILLIS = 24L * 3600 * 1000;

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final BackupStores stores;

  public BackupCatalog(BackupStores stores) {
    this.stores = stores;
  }

  public void writeManifest(BackupManifest manifest, Backup settings) {
    byte[] json;
    try {
      json = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (BackupCopy copy : manifest.copies()) {
      ObjectStore store = stores.open(copy.target(), settings.targets().get(copy.target()));
      ObjectWriter.put(
          store,
          BackupObjects.manifest(settings.prefix(), manifest.service(), manifest.backupId()),
          new ByteArrayInputStream(json),
          Map.of("standbybackupid", manifest.backupId()));
    }
  }

  /**
   * Every backup with a manifest in any target that answers, oldest first. A target that fails is
   * reported to {@code unreachable} and skipped: a restore must work while one cloud is down.
   */
  public List<BackupManifest> list(
      String service, Backup settings, BiConsumer<String, RuntimeException> unreachable) {
    Map<String, BackupManifest> byId = new TreeMap<>();
    String folder = BackupObjects.folder(settings.prefix(), service);
    int answered = 0;
    RuntimeException last = null;
    for (var e : settings.targets().entrySet()) {
      try {
        ObjectStore store = stores.open(e.getKey(), e.getValue());
        for (ObjectInfo o : all(store, folder)) {
          String id = BackupObjects.backupIdOf(folder, o.key());
          if (id != null
              && o.key().endsWith(BackupObjects.MANIFEST_SUFFIX)
              && !byId.containsKey(id)) {
            byId.put(id, read(store, o.key()));
          }
        }
        answered++;
      } catch (StorageException | UncheckedIOException ex) {
        last = ex;
        unreachable.accept(e.getKey(), ex);
      }
    }
    if (answered == 0 && last != null) {
      throw last;
    }
    List<BackupManifest> manifests = new ArrayList<>(byId.values());
    manifests.sort(
        Comparator.comparingLong(BackupManifest::createdAtMillis)
            .thenComparing(BackupManifest::backupId));
    return manifests;
  }

  /**
   * Deletes, in every target, the objects of each backup the policy does not keep, and of runs that
   * never finished.
   */
  public PruneReport prune(String service, Backup settings, long nowMillis) {
    String folder = BackupObjects.folder(settings.prefix(), service);
    Map<String, Map<String, List<String>>> objects = new TreeMap<>(); // backup id -> target -> keys
    TreeSet<String> complete = new TreeSet<>();
    for (var e : settings.targets().entrySet()) {
      for (ObjectInfo o : all(stores.open(e.getKey(), e.getValue()), folder)) {
        String id = BackupObjects.backupIdOf(folder, o.key());
        if (id == null || BackupObjects.createdAtMillis(id) < 0) {
          continue; // not ours: never deleted
        }
        objects
            .computeIfAbsent(id, k -> new TreeMap<>())
            .computeIfAbsent(e.getKey(), k -> new ArrayList<>())
            .add(o.key());
        if (o.key().endsWith(BackupObjects.MANIFEST_SUFFIX)) {
          complete.add(id);
        }
      }
    }
    var policy =
        new RetentionPolicy(
            settings.retention().daily(),
            settings.retention().weekly(),
            settings.retention().monthly());
    Map<String, String> keep =
        policy.keep(
            complete.stream()
                .map(id -> new RetentionPolicy.Backup(id, BackupObjects.createdAtMillis(id)))
                .toList());
    List<String> kept = new ArrayList<>();
    keep.forEach((id, why) -> kept.add(id + " (" + why + ")"));
    List<String> deleted = new ArrayList<>();
    List<String> deletedObjects = new ArrayList<>();
    objects.forEach(
        (id, perTarget) -> {
          boolean incomplete = !complete.contains(id);
          if (keep.containsKey(id)
              || (incomplete
                  && nowMillis - BackupObjects.createdAtMillis(id) < INCOMPLETE_AFTER_MILLIS)) {
            return; // kept, or possibly still being written
          }
          deleted.add(incomplete ? id + " (incomplete)" : id);
          perTarget.forEach(
              (target, keys) -> {
                ObjectStore store = stores.open(target, settings.targets().get(target));
                // The manifest goes last: a prune that dies half-way leaves a backup still listed,
                // so the next prune finishes it.
                keys.stream()
                    .sorted(
                        Comparator.comparing(
                            (String k) -> k.endsWith(BackupObjects.MANIFEST_SUFFIX)))
                    .forEach(
                        key -> {
                          store.delete(key);
                          deletedObjects.add(target + ":" + key);
                        });
              });
        });
    return new PruneReport(kept, deleted, deletedObjects);
  }

  /**
   * A provider expiration rule per target as a backstop should pruning stop running: objects under
   * the service's folder expire a month past what the monthly rule keeps. Other rules of the bucket
   * are left as they are.
   */
  public List<String> applyLifecycle(String service, Backup settings) {
    var policy =
        new RetentionPolicy(
            settings.retention().daily(),
            settings.retention().weekly(),
            settings.retention().monthly());
    ExpirationRule rule =
        new ExpirationRule(
            "standby-backups-" + service,
            BackupObjects.folder(settings.prefix(), service),
            policy.lifecycleDays());
    List<String> outcome = new ArrayList<>();
    for (var e : settings.targets().entrySet()) {
      ObjectStore store = stores.open(e.getKey(), e.getValue());
      List<ExpirationRule> rules = new ArrayList<>(store.expirationRules());
      rules.removeIf(r -> r.id().equals(rule.id()));
      rules.add(rule);
      outcome.add(
          store.setExpirationRules(rules)
              ? e.getKey()
                  + ": objects under "
                  + rule.prefix()
                  + " expire after "
                  + rule.days()
                  + " days"
              : e.getKey()
                  + ": no lifecycle rules on "
                  + e.getValue().store().provider()
                  + " (pruning alone keeps it tidy)");
    }
    return outcome;
  }

  static List<ObjectInfo> all(ObjectStore store, String prefix) {
    List<ObjectInfo> all = new ArrayList<>();
    String after = null;
    do {
      ObjectPage page = store.list(prefix, after, 1000);
      all.addAll(page.objects());
      after = page.nextStartAfter();
    } while (after != null);
    return all;
  }

  private static BackupManifest read(ObjectStore store, String key) {
    try (InputStream in = store.get(key)) {
      return JSON.readValue(in, BackupManifest.class);
    } catch (IOException e) {
      throw new UncheckedIOException(
          store.describe() + "/" + key + ": not a readable manifest: " + e.getMessage(), e);
    }
  }

  static BackupTarget target(Backup settings, String name) {
    return settings.targets().get(name);
  }
}
