package dev.standby.activities.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.standby.activities.BackupActivities;
import dev.standby.adapters.aws.S3ObjectStore;
import dev.standby.backup.BackupObjects;
import dev.standby.backup.BackupStores;
import dev.standby.backup.UploadProgress;
import dev.standby.lab.Lab;
import dev.standby.lab.LabExtension;
import dev.standby.lab.SharedCloudEmulators;
import dev.standby.model.FailureType;
import dev.standby.model.backup.BackupCopy;
import dev.standby.model.backup.BackupDump;
import dev.standby.model.backup.BackupManifest;
import dev.standby.model.backup.BackupSource;
import dev.standby.model.backup.ConsistencyCheck;
import dev.standby.model.backup.PruneReport;
import dev.standby.model.backup.RestoreCheck;
import dev.standby.model.objectsync.StoreSpec;
import dev.standby.storage.ObjectStore;
import dev.standby.storage.ObjectUpload;
import dev.standby.storage.ObjectWriter;
import dev.standby.topology.BackupBlock;
import dev.standby.topology.ServiceTopology;
import dev.standby.topology.ServiceTopology.Backup;
import dev.standby.topology.ServiceTopology.BackupTarget;
import dev.standby.topology.ServiceTopology.Retention;
import dev.standby.topology.Topology;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The backup activities against the lab's primary PostgreSQL and the cloud emulators: a 3-2-1 set
 * of targets on the local disk, moto (S3), fake-gcs-server (GCS) and Azurite (Azure Blob), keys
 * from a (test) environment. The 20 MiB backup is made once for the class, by whichever test needs
 * it first; before each test every cloud copy is put back (a copy is a HEAD when intact), so a test
 * that corrupts or deletes one leaves no trace.
 */
class BackupActivitiesAgainstTheCloudsTest {
  static final String SERVICE = "payments";
  static final String RETENTION_SERVICE = "ledger";
  static final String KEY_ENV = "STANDBY_BACKUP_KEY";
  @RegisterExtension static final LabExtension lab = LabExtension.withoutTemporal();
  @RegisterExtension static final SharedCloudEmulators clouds = SharedCloudEmulators.all();
  static final List<String> CLOUDS = List.of("s3", "gcs", "azure");
  static Path localTarget;
  static Map<String, String> env;
  static Topology topology;
  static BackupActivitiesImpl backups;
  static BackupDump dump;

  /** What the backup metrics hook heard: service/target per copy read back whole. */
  static final List<String> verifiedCopies = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Null until {@link #backedUp()}. */
  private static BackupManifest manifest;

  @BeforeAll
  static void start() throws Exception {
    localTarget = lab.get().dir().resolve("backups");
    env =
        new HashMap<>(
            Map.of(
                KEY_ENV,
                key(1),
                "AWS_KEY_ID",
                clouds.awsAccessKeyId(),
                "AWS_SECRET",
                clouds.awsSecretAccessKey(),
                "AZURE_BLOB",
                clouds.azureConnectionString()));
    Map<String, BackupTarget> targets = new LinkedHashMap<>();
    targets.put(
        "local", new BackupTarget(StoreSpec.filesystem(localTarget.toString()), "disk", "onprem"));
    targets.put(
        "s3",
        new BackupTarget(
            new StoreSpec(
                "s3",
                "backups-s3",
                clouds.awsRegion(),
                clouds.awsEndpoint().toString(),
                null,
                null,
                null,
                "AWS_KEY_ID",
                "AWS_SECRET"),
            "object",
            "aws"));
    targets.put(
        "gcs",
        new BackupTarget(
            StoreSpec.gcs("backups-gcs", clouds.gcsProject(), clouds.gcsEndpoint().toString()),
            "object",
            "gcp"));
    targets.put(
        "azure",
        new BackupTarget(StoreSpec.azure("backups-azure", "AZURE_BLOB"), "object", "azure"));
    Topology labTopology = lab.get().topology();
    ServiceTopology payments = labTopology.services().get(SERVICE);
    Map<String, ServiceTopology> services = new LinkedHashMap<>();
    services.put(
        SERVICE,
        with(payments, SERVICE, backup("standby-backups", targets, new Retention(7, 4, 6))));
    services.put(
        RETENTION_SERVICE,
        with(payments, RETENTION_SERVICE, backup("retention", targets, new Retention(2, 2, 2))));
    topology = new Topology(labTopology.temporal(), labTopology.sites(), services, null);
    UnaryOperator<String> lookup = env::get;
    backups =
        new BackupActivitiesImpl(
            topology,
            new ObjectStores(lookup),
            lookup,
            (service, target, at) -> verifiedCopies.add(service + "/" + target));
    try (Connection c = lab.get().jdbc(Lab.SITE_A);
        Statement st = c.createStatement()) {
      st.execute(
          "INSERT INTO orders (site, item) SELECT 'site-a', 'item ' || g FROM generate_series(1, 500) g");
      // ~20 MiB that does not compress: the encrypted dump takes three 8 MiB parts, so an upload
      // can be cut mid-way.
      st.execute("CREATE TABLE blobs (id int PRIMARY KEY, data bytea NOT NULL)");
      st.execute(
          "INSERT INTO blobs SELECT g, (SELECT decode(string_agg(md5(random()::text || g || s), ''), 'hex')"
              + " FROM generate_series(1, 64) s) FROM generate_series(1, 20000) g");
    }
  }

  static Backup backup(String prefix, Map<String, BackupTarget> targets, Retention retention) {
    return new Backup(
        Lab.SITE_A,
        BackupSource.PRIMARY,
        "lab-key-1",
        KEY_ENV,
        prefix,
        1,
        targets,
        retention,
        null,
        null,
        List.of("SELECT count(*) >= 500 FROM orders"),
        BackupBlock.newestPostgresBin(),
        "root".equals(System.getProperty("user.name")) ? "postgres" : null);
  }

  static ServiceTopology with(ServiceTopology s, String name, Backup backup) {
    return new ServiceTopology(
        name,
        s.primarySite(),
        s.rto(),
        s.rpo(),
        s.health(),
        s.monitor(),
        s.verify(),
        s.traffic(),
        s.sites(),
        s.failback(),
        s.notifications(),
        backup);
  }

  static String key(int seed) {
    byte[] key = new byte[32];
    new Random(seed).nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  static BackupActivitiesImpl activities(Map<String, String> environment) {
    UnaryOperator<String> lookup = environment::get;
    return new BackupActivitiesImpl(topology, new ObjectStores(lookup), lookup);
  }

  static ObjectStore store(String target) {
    return new ObjectStores(env::get)
        .open(target, topology.services().get(SERVICE).backup().targets().get(target));
  }

  /**
   * The backup every test restores, checks or breaks: dumped, copied to the three clouds and
   * catalogued, once.
   */
  static synchronized BackupManifest backedUp() {
    if (manifest == null) {
      String backupId = "20261124T020000Z-0000abcd";
      dump = backups.dump(SERVICE, backupId, "local", Lab.SITE_A);
      List<BackupCopy> copies = new ArrayList<>();
      copies.add(backups.verify(SERVICE, dump.copy(), dump.copy().sha256()));
      for (String target : CLOUDS) {
        copies.add(
            backups.verify(
                SERVICE, backups.copy(SERVICE, dump.copy(), target), dump.copy().sha256()));
      }
      BackupManifest made =
          new BackupManifest(
              backupId,
              SERVICE,
              Instant.parse("2026-11-24T02:00:00Z").toEpochMilli(),
              dump.format(),
              dump.sourceLsn(),
              dump.serverVersion(),
              dump.dumpBytes(),
              dump.copy().size(),
              dump.copy().sha256(),
              dump.keyId(),
              dump.rowCounts(),
              copies);
      backups.writeManifest(made);
      manifest = made;
    }
    return manifest;
  }

  @BeforeEach
  void everyCloudCopyIntact() {
    if (manifest != null) {
      for (String target : CLOUDS) {
        backups.copy(
            SERVICE, dump.copy(), target); // a HEAD when intact, an upload when a test broke it
      }
    }
  }

  @Test
  void aFullBackupIsDumpedCopiedToThreeCloudsAndVerified() {
    assertThat(backups.plan(SERVICE).targets()).containsExactly("local", "s3", "gcs", "azure");
    BackupManifest manifest = backedUp();
    String backupId = manifest.backupId();
    assertThat(dump.rowCounts()).containsEntry("\"public\".\"blobs\"", 20000L);
    assertThat(dump.rowCounts().get("\"public\".\"orders\"")).isGreaterThanOrEqualTo(500L);
    assertThat(dump.sourceLsn()).matches("[0-9A-F]+/[0-9A-F]+");
    assertThat(dump.keyId()).isEqualTo("lab-key-1");
    assertThat(dump.copy().size()).isGreaterThan(2L * ObjectStore.PART_SIZE);

    List<BackupCopy> copies = manifest.copies();
    assertThat(copies).extracting(BackupCopy::sha256).containsOnly(dump.copy().sha256());
    assertThat(copies)
        .extracting(BackupCopy::location)
        .containsExactly(
            "file://" + localTarget + "/standby-backups/payments/" + backupId + ".sbk",
            "s3://backups-s3/standby-backups/payments/" + backupId + ".sbk",
            "gcs://backups-gcs/standby-backups/payments/" + backupId + ".sbk",
            "azure://backups-azure/standby-backups/payments/" + backupId + ".sbk");

    assertThat(backups.listBackups(SERVICE)).containsExactly(manifest);
    assertThat(verifiedCopies)
        .as("every verified copy is reported to the metrics, by target")
        .contains("payments/local", "payments/s3", "payments/gcs", "payments/azure");
  }

  @Test
  void theBackupRestoresFromEachCloudAndMatchesItsManifest() {
    BackupManifest manifest = backedUp();
    for (String target : List.of("s3", "gcs", "azure")) {
      RestoreCheck check = backups.restoreAndCheck(SERVICE, manifest, target);
      assertThat(check.passed()).as(target + ": " + check.checks()).isTrue();
      assertThat(check.checks())
          .extracting(ConsistencyCheck::name)
          .contains(
              "pg_restore",
              "rows \"public\".\"blobs\"",
              "rows \"public\".\"orders\"",
              "btree indexes (amcheck)",
              "SELECT count(*) >= 500 FROM orders");
      assertThat(check.checks())
          .filteredOn(c -> c.name().equals("rows \"public\".\"blobs\""))
          .singleElement()
          .extracting(ConsistencyCheck::detail)
          .isEqualTo("expected 20000, found 20000");
    }
  }

  @Test
  void aCorruptedCopyIsDetectedOnVerifyAndOnRestore() throws Exception {
    BackupManifest manifest = backedUp();
    ObjectStore gcs = store("gcs");
    byte[] bytes;
    try (InputStream in = gcs.get(dump.copy().key())) {
      bytes = in.readAllBytes();
    }
    bytes[bytes.length / 2] ^= 0x40; // one bit, same size
    ObjectWriter.put(gcs, dump.copy().key(), new ByteArrayInputStream(bytes), Map.of());
    BackupCopy gcsCopy = manifest.copies().get(2);
    int reported = verifiedCopies.size();

    assertThatThrownBy(() -> backups.verify(SERVICE, gcsCopy, manifest.sha256()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(FailureType.COPY_CORRUPT.type());
              assertThat(f.isNonRetryable()).isTrue();
            })
        .hasMessageContaining("SHA-256 read back");
    assertThat(verifiedCopies).as("a corrupt copy is no backup").hasSize(reported);
    assertThatThrownBy(() -> backups.restoreAndCheck(SERVICE, manifest, "gcs"))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> assertThat(f.getType()).isEqualTo(FailureType.COPY_CORRUPT.type()))
        .hasMessageContaining("fails authentication: the copy is corrupted");
  }

  @Test
  void aMissingCopyIsReportedAsMissing() {
    BackupManifest manifest = backedUp();
    store("azure").delete(dump.copy().key());
    assertThatThrownBy(() -> backups.restoreAndCheck(SERVICE, manifest, "azure"))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> assertThat(f.getType()).isEqualTo(FailureType.COPY_MISSING.type()))
        .hasMessageContaining("azure://backups-azure/")
        .hasMessageContaining("the copy is missing");
  }

  @Test
  void aWrongKeyIsRejectedClearlyWhetherItsIdOrItsBytesDiffer() {
    BackupManifest manifest = backedUp();
    Map<String, String> otherBytes = new HashMap<>(env);
    otherBytes.put(KEY_ENV, key(2));
    assertThatThrownBy(() -> activities(otherBytes).restoreAndCheck(SERVICE, manifest, "s3"))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(FailureType.WRONG_KEY.type());
              assertThat(f.isNonRetryable()).isTrue();
            })
        .hasMessageContaining(
            "the key configured as 'lab-key-1' is not the key this backup was encrypted with");

    BackupManifest otherId =
        new BackupManifest(
            manifest.backupId(),
            SERVICE,
            manifest.createdAtMillis(),
            manifest.format(),
            manifest.sourceLsn(),
            manifest.serverVersion(),
            manifest.dumpBytes(),
            manifest.size(),
            manifest.sha256(),
            manifest.keyId(),
            manifest.rowCounts(),
            manifest.copies());
    Topology rotated =
        new Topology(
            topology.temporal(),
            topology.sites(),
            Map.of(
                SERVICE,
                with(
                    topology.services().get(SERVICE),
                    SERVICE,
                    new Backup(
                        Lab.SITE_A,
                        BackupSource.PRIMARY,
                        "lab-key-2",
                        KEY_ENV,
                        "standby-backups",
                        1,
                        topology.services().get(SERVICE).backup().targets(),
                        new Retention(7, 4, 6),
                        null,
                        null,
                        List.of(),
                        BackupBlock.newestPostgresBin(),
                        topology.services().get(SERVICE).backup().scratchOsUser()))),
            null);
    assertThatThrownBy(
            () ->
                new BackupActivitiesImpl(rotated, new ObjectStores(env::get), env::get)
                    .restoreAndCheck(SERVICE, otherId, "s3"))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> assertThat(f.getType()).isEqualTo(FailureType.WRONG_KEY.type()))
        .hasMessageContaining(
            "encrypted with key 'lab-key-1', but the configured key is 'lab-key-2'");
  }

  @Test
  void anUploadCutByAWorkerCrashResumesItsMultipartUploadOnRetry() throws Exception {
    BackupManifest manifest = backedUp();
    S3ObjectStore s3 = (S3ObjectStore) store("s3");
    s3.delete(dump.copy().key());
    long diesAt = 2L * ObjectStore.PART_SIZE + 1024 * 1024; // a MiB into the third 8 MiB part
    List<UploadProgress> firstAttempt = new CopyOnWriteArrayList<>();
    TestActivityEnvironment crashing = TestActivityEnvironment.newInstance();
    try {
      crashing.registerActivitiesImplementations(
          new BackupActivitiesImpl(topology, new CrashingStores(diesAt), env::get));
      crashing.setActivityHeartbeatListener(UploadProgress.class, firstAttempt::add);
      BackupActivities stub =
          crashing.newActivityStub(
              BackupActivities.class,
              ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofMinutes(5))
                  .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                  .build());
      assertThatThrownBy(() -> stub.copy(SERVICE, dump.copy(), "s3"))
          .hasStackTraceContaining("worker killed");
    } finally {
      crashing.close();
    }
    UploadProgress crashedAt = firstAttempt.get(firstAttempt.size() - 1);
    assertThat(crashedAt.uploadId()).isNotNull();
    assertThat(s3.head(dump.copy().key()))
        .as("nothing visible before the upload completes")
        .isEmpty();
    assertThat(s3.resumeUpload(crashedAt.key(), crashedAt.uploadId()).uploadedBytes())
        .isEqualTo(2L * ObjectStore.PART_SIZE);

    List<UploadProgress> retry = new CopyOnWriteArrayList<>();
    CountingStores counting = new CountingStores();
    TestActivityEnvironment resumed = TestActivityEnvironment.newInstance();
    try {
      resumed.registerActivitiesImplementations(
          new BackupActivitiesImpl(topology, counting, env::get));
      resumed.setHeartbeatDetails(crashedAt);
      resumed.setActivityHeartbeatListener(UploadProgress.class, retry::add);
      BackupActivities stub =
          resumed.newActivityStub(
              BackupActivities.class,
              ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(5)).build());
      assertThat(stub.copy(SERVICE, dump.copy(), "s3").sha256()).isEqualTo(dump.copy().sha256());
    } finally {
      resumed.close();
    }
    assertThat(retry).extracting(UploadProgress::uploadId).containsOnly(crashedAt.uploadId());
    assertThat(counting.bytesSent.get())
        .as("the retry sent only what the two stored parts lack")
        .isEqualTo(dump.copy().size() - 2L * ObjectStore.PART_SIZE);
    assertThat(backups.verify(SERVICE, manifest.copies().get(1), manifest.sha256()).sha256())
        .isEqualTo(manifest.sha256());
  }

  /**
   * The real stores, but the local copy's stream dies after {@code diesAt} bytes, as a killed
   * worker's would.
   */
  static final class CrashingStores implements BackupStores {
    private final BackupStores real = new ObjectStores(env::get);
    private final long diesAt;

    CrashingStores(long diesAt) {
      this.diesAt = diesAt;
    }

    @Override
    public ObjectStore open(String name, BackupTarget target) {
      ObjectStore store = real.open(name, target);
      if (!name.equals("local")) {
        return store;
      }
      return intercept(
          store,
          (method, args) -> {
            if (!method.getName().equals("get")) {
              return NO;
            }
            InputStream in = (InputStream) method.invoke(store, args);
            return new java.io.FilterInputStream(in) {
              long read;

              @Override
              public int read(byte[] b, int off, int len) throws java.io.IOException {
                if (read >= diesAt) {
                  throw new java.io.IOException("worker killed");
                }
                int n = super.read(b, off, (int) Math.min(len, diesAt - read));
                read += Math.max(n, 0);
                return n;
              }
            };
          });
    }
  }

  /** The real stores, counting the bytes a resumed upload sends. */
  static final class CountingStores implements BackupStores {
    private final BackupStores real = new ObjectStores(env::get);
    final AtomicLong bytesSent = new AtomicLong(); // parts go up from several threads

    @Override
    public ObjectStore open(String name, BackupTarget target) {
      ObjectStore store = real.open(name, target);
      return intercept(
          store,
          (method, args) -> {
            if (!method.getName().equals("resumeUpload")) {
              return NO;
            }
            ObjectUpload upload = (ObjectUpload) method.invoke(store, args);
            return (ObjectUpload)
                Proxy.newProxyInstance(
                    ObjectUpload.class.getClassLoader(),
                    new Class<?>[] {ObjectUpload.class},
                    (proxy, m, a) -> {
                      if (m.getName().equals("uploadPart")) {
                        bytesSent.addAndGet((int) a[2]);
                      }
                      return m.invoke(upload, a);
                    });
          });
    }
  }

  static final Object NO = new Object();

  interface Interceptor {
    Object handle(java.lang.reflect.Method method, Object[] args) throws Exception;
  }

  static ObjectStore intercept(ObjectStore store, Interceptor interceptor) {
    return (ObjectStore)
        Proxy.newProxyInstance(
            ObjectStore.class.getClassLoader(),
            new Class<?>[] {ObjectStore.class},
            (proxy, method, args) -> {
              Object handled = interceptor.handle(method, args);
              if (handled != NO) {
                return handled;
              }
              try {
                return method.invoke(store, args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Test
  void retentionPrunesExactlyTheBackupsNoRuleKeepsInEveryTarget() {
    String folder = BackupObjects.folder("retention", RETENTION_SERVICE);
    List<String> complete =
        List.of(
            "20261124T020000Z-aaaa0001",
            "20261123T020000Z-aaaa0002",
            "20261123T140000Z-aaaa0003",
            "20261116T020000Z-aaaa0004",
            "20261015T020000Z-aaaa0005",
            "20260915T020000Z-aaaa0006");
    String staleIncomplete =
        "20261120T020000Z-aaaa0007"; // data, no manifest, days old: a run that died
    String runningIncomplete =
        "20261124T023000Z-aaaa0008"; // data, no manifest, 30 minutes old: may still be writing
    Backup settings = topology.services().get(RETENTION_SERVICE).backup();
    for (String target : settings.targets().keySet()) {
      ObjectStore store = new ObjectStores(env::get).open(target, settings.targets().get(target));
      store.createIfMissing();
      for (String id : complete) {
        put(store, folder + id + ".sbk");
        put(store, folder + id + ".manifest.json");
      }
      put(store, folder + staleIncomplete + ".sbk");
      put(store, folder + runningIncomplete + ".sbk");
      put(store, folder + "README.txt");
    }

    PruneReport report =
        backups.prune(RETENTION_SERVICE, Instant.parse("2026-11-24T03:00:00Z").toEpochMilli());

    // daily 2: the 24th and the 23rd's newest; weekly 2: W48 (the 24th) and W47 (the 16th); monthly
    // 2: November, October.
    assertThat(report.deleted())
        .containsExactlyInAnyOrder(
            "20261123T020000Z-aaaa0002",
            "20260915T020000Z-aaaa0006",
            staleIncomplete + " (incomplete)");
    Set<String> expected =
        new TreeSet<>(List.of(folder + "README.txt", folder + runningIncomplete + ".sbk"));
    for (String id :
        List.of(
            "20261124T020000Z-aaaa0001",
            "20261123T140000Z-aaaa0003",
            "20261116T020000Z-aaaa0004",
            "20261015T020000Z-aaaa0005")) {
      expected.add(folder + id + ".sbk");
      expected.add(folder + id + ".manifest.json");
    }
    for (String target : settings.targets().keySet()) {
      ObjectStore store = new ObjectStores(env::get).open(target, settings.targets().get(target));
      Set<String> left = new TreeSet<>();
      dev.standby.storage.ObjectPage page = store.list(folder, null, 1000);
      page.objects().forEach(o -> left.add(o.key()));
      assertThat(left).as(target).isEqualTo(expected);
    }
    assertThat(report.deletedObjects()).hasSize(4 * 5);
  }

  @Test
  void lifecycleRulesAreSetWhereTheProviderHasThem() {
    List<String> outcome = backups.applyLifecycle(SERVICE);
    assertThat(outcome)
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("s3: objects under standby-backups/payments/ expire after"))
        .anySatisfy(line -> assertThat(line).startsWith("local: no lifecycle rules"));
    assertThat(store("s3").expirationRules())
        .anySatisfy(
            rule -> {
              assertThat(rule.id()).isEqualTo("standby-backups-payments");
              assertThat(rule.prefix()).isEqualTo("standby-backups/payments/");
              assertThat(rule.days()).isEqualTo(7 * 31 + 1);
            });
  }

  private static void put(ObjectStore store, String key) {
    ObjectWriter.put(store, key, new ByteArrayInputStream(key.getBytes()), Map.of());
  }
}
