package dev.standby.topology;

import dev.standby.model.backup.BackupSource;
import dev.standby.model.objectsync.StoreSpec;
import dev.standby.topology.ServiceTopology.Backup;
import dev.standby.topology.ServiceTopology.BackupTarget;
import dev.standby.topology.ServiceTopology.Retention;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a service's {@code backup} block and checks the 3-2-1 rule: at least three targets, on at
 * least two kinds of media, at least one in a cloud other than the one the database runs in.
 */
public final class BackupBlock {
  private static final Set<String> FIELDS =
      Set.of(
          "site",
          "from",
          "keyId",
          "keyEnv",
          "prefix",
          "compression",
          "targets",
          "retention",
          "schedule",
          "checks",
          "scratch");
  private static final Map<String, String> DEFAULT_MEDIA =
      Map.of("filesystem", "disk", "s3", "object", "gcs", "object", "azure", "object");
  private static final Map<String, String> DEFAULT_CLOUD =
      Map.of("filesystem", "onprem", "s3", "aws", "gcs", "gcp", "azure", "azure");

  private final TopologyLoader loader;

  private BackupBlock(TopologyLoader loader) {
    this.loader = loader;
  }

  static Backup read(
      Node b,
      String path,
      String primarySite,
      Set<String> serviceSites,
      Map<String, Topology.Site> knownSites,
      TopologyLoader loader) {
    if (YamlFields.absent(b)) {
      return null;
    }
    return new BackupBlock(loader).read(b, path, primarySite, serviceSites, knownSites);
  }

  private Backup read(
      Node b,
      String path,
      String primarySite,
      Set<String> serviceSites,
      Map<String, Topology.Site> knownSites) {
    loader.knownFields(b, path, FIELDS);
    if (YamlFields.child(b, "site") != null) {
      loader.problemAtKey(
          path + ".site",
          "'site' is no longer a field: a backup dumps the service's current primary, wherever a"
              + " failover left it ('from: replica' dumps a caught-up replica of it instead)");
    }
    // The 3-2-1 rule counts the cloud the service starts in as the database's own.
    String site = primarySite;
    String fromText = loader.text(b, path + ".from", "primary");
    BackupSource from = null;
    for (BackupSource s : BackupSource.values()) {
      if (s.name().equalsIgnoreCase(fromText)) {
        from = s;
      }
    }
    if (from == null) {
      loader.problemAt(b, path + ".from", "'" + fromText + "' is not one of primary, replica");
      from = BackupSource.PRIMARY;
    }
    String keyId = loader.required(b, path + ".keyId");
    String keyEnv = loader.required(b, path + ".keyEnv");
    if (keyEnv != null && !keyEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      loader.problem(
          path + ".keyEnv",
          "'"
              + keyEnv
              + "' is not an environment variable name (the key itself never goes in the file)");
    }
    int compression = number(b, path + ".compression", 1, 0, 19);

    Map<String, BackupTarget> targets = new LinkedHashMap<>();
    Node t = YamlFields.child(b, "targets");
    if (!YamlFields.isMapping(t) || ((MappingNode) t).getValue().isEmpty()) {
      loader.problem(
          path + ".targets",
          "must be a mapping of target names to settings (at least three: 3-2-1)");
    } else {
      loader
          .y
          .entries(t, path + ".targets", true)
          .forEach(
              (name, settings) -> {
                BackupTarget target = target(settings, path + ".targets." + name);
                if (target != null) {
                  targets.put(name, target);
                }
              });
      rule321(
          targets,
          path,
          site == null || knownSites.get(site) == null ? null : knownSites.get(site).provider());
    }

    Node r = YamlFields.child(b, "retention");
    loader.knownFields(r, path + ".retention", Set.of("daily", "weekly", "monthly"));
    Retention retention =
        new Retention(
            number(r, path + ".retention.daily", 7, 0, 10000),
            number(r, path + ".retention.weekly", 4, 0, 10000),
            number(r, path + ".retention.monthly", 6, 0, 10000));
    if (retention.daily() + retention.weekly() + retention.monthly() == 0) {
      loader.problem(path + ".retention", "keeps nothing (daily, weekly and monthly are all 0)");
    }

    Node s = YamlFields.child(b, "schedule");
    loader.knownFields(s, path + ".schedule", Set.of("backup", "restoreVerify"));
    String backupCron = cron(s, path + ".schedule.backup");
    String restoreCron = cron(s, path + ".schedule.restoreVerify");

    List<String> checks = new ArrayList<>();
    Node c = YamlFields.child(b, "checks");
    if (!YamlFields.absent(c)) {
      if (!YamlFields.isList(c)) {
        loader.problem(path + ".checks", "must be a list of SQL queries that answer true");
      } else {
        YamlFields.items(c).forEach(q -> checks.add(YamlFields.written(q)));
      }
    }

    Node sc = YamlFields.child(b, "scratch");
    loader.knownFields(sc, path + ".scratch", Set.of("binDir", "osUser"));
    String binDir = loader.text(sc, path + ".scratch.binDir", newestPostgresBin());
    String osUser =
        loader.text(
            sc,
            path + ".scratch.osUser",
            "root".equals(System.getProperty("user.name")) ? "postgres" : null);
    return new Backup(
        site,
        from,
        keyId,
        keyEnv,
        loader.text(b, path + ".prefix", "standby-backups"),
        compression,
        targets,
        retention,
        backupCron,
        restoreCron,
        List.copyOf(checks),
        binDir,
        osUser);
  }

  private BackupTarget target(Node t, String path) {
    if (YamlFields.child(t, "kind") != null) {
      loader.problemAtKey(
          path + ".kind",
          "'kind' is no longer a field: name the store with 'provider' "
              + "(filesystem, s3, gcs, azure), as object sync does");
      return null;
    }
    StoreSpec store = StoreBlock.read(t, path, Set.of("media", "cloud"), loader);
    if (store == null) {
      return null;
    }
    String provider = store.provider();
    String media = loader.text(t, path + ".media", DEFAULT_MEDIA.get(provider));
    String cloud = loader.text(t, path + ".cloud", DEFAULT_CLOUD.get(provider));
    return new BackupTarget(store, media, cloud);
  }

  private void rule321(Map<String, BackupTarget> targets, String path, String databaseCloud) {
    if (targets.size() < 3) {
      loader.problem(
          path + ".targets",
          "3-2-1 needs at least three copies, found " + targets.size() + " " + targets.keySet());
    }
    if (targets.isEmpty()) {
      return; // every target was refused, each with its own problem: nothing to count media or
      // clouds in
    }
    Set<String> media = new HashSet<>();
    targets.values().forEach(t -> media.add(t.media()));
    if (media.size() < 2) {
      loader.problem(
          path + ".targets",
          "3-2-1 needs two kinds of media, all are '" + media.iterator().next() + "'");
    }
    Set<String> clouds = new HashSet<>();
    targets.values().forEach(t -> clouds.add(t.cloud()));
    clouds.remove(databaseCloud);
    clouds.remove("onprem");
    if (clouds.size() < 1
        || targets.values().stream().map(BackupTarget::cloud).distinct().count() < 2) {
      loader.problem(
          path + ".targets",
          "3-2-1 needs one copy offsite in another cloud than the database's ('"
              + databaseCloud
              + "'), found clouds "
              + targets.values().stream().map(BackupTarget::cloud).distinct().toList());
    }
  }

  private String cron(Node parent, String path) {
    String value = loader.text(parent, path, null);
    if (value != null && value.trim().split("\\s+").length != 5) {
      loader.problem(
          path,
          "'"
              + value
              + "' is not a cron expression of five fields (minute hour day month weekday)");
      return null;
    }
    return value;
  }

  /**
   * Debian keeps each PostgreSQL major version under /usr/lib/postgresql/N/bin; the newest, as the
   * lab picks.
   */
  public static String newestPostgresBin() {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return null;
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .filter(
              v ->
                  v.getFileName().toString().matches("\\d+")
                      && Files.exists(v.resolve("bin/initdb")))
          .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString())))
          .map(v -> v.resolve("bin").toString())
          .orElse(null);
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private int number(Node parent, String path, int fallback, int min, int max) {
    Node n = YamlFields.child(parent, path.substring(path.lastIndexOf('.') + 1));
    if (YamlFields.absent(n)) {
      return fallback;
    }
    Integer value = YamlFields.wholeNumber(n);
    if (value == null || value < min || value > max) {
      loader.problem(
          path,
          "must be a whole number from "
              + min
              + " to "
              + max
              + ", found '"
              + YamlFields.written(n)
              + "'");
      return fallback;
    }
    return value;
  }
}
