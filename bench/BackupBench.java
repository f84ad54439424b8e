import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import dev.standby.activities.impl.ObjectStores;
import dev.standby.backup.BackupWriter;
import dev.standby.backup.EnvKeyProvider;
import dev.standby.model.backup.BackupDump;
import dev.standby.model.objectsync.StoreSpec;
import dev.standby.topology.ServiceTopology;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * One Standby backup (pg_dump -Fc -Z0 → zstd + AES-256-GCM chunks → S3 multipart) of a database into an S3 endpoint, exactly the
 * dump step of BackupWorkflow, with the heap sampled every 10 ms. Prints one line of key=value figures.
 * Run by bench/backup-vs-restic.sh (compiled first): java -Xmx256m -cp worker/target/standby-worker.jar:CLASSES BackupBench
 *   JDBC_URL USER S3_ENDPOINT REGION BUCKET PG_BIN_DIR (env: STANDBY_BACKUP_KEY, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)
 */
public class BackupBench {
  public static void main(String[] args) throws Exception {
    String url = args[0], user = args[1], endpoint = args[2], region = args[3], bucket = args[4], binDir = args[5];
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    AtomicLong peak = new AtomicLong();
    AtomicLong live = new AtomicLong(); // heap in use right after a collection: what the backup really holds
    Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
        if (notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
          GcInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo();
          live.accumulateAndGet(info.getMemoryUsageAfterGc().entrySet().stream()
              .filter(pool -> heapPools.contains(pool.getKey())).mapToLong(pool -> pool.getValue().getUsed()).sum(),
              Math::max);
        }
      }, null, null);
    }
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    sampler.setDaemon(true);
    sampler.start();

    var target = new ServiceTopology.BackupTarget(new StoreSpec("s3", bucket, region, endpoint, null, null, null,
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"), "object", "aws");
    var settings = new ServiceTopology.Backup("site-a", "bench-key", "STANDBY_BACKUP_KEY", "bench", 1, Map.of("s3", target),
        new ServiceTopology.Retention(1, 0, 0), null, null, List.of(), binDir, null);
    var database = new ServiceTopology.Database("postgresql", url, user, null);
    // A worker runs for days: its first backup loads the SDKs' classes and makes the first connections. Warm up
    // with the (near empty) postgres database, then time the real one; the process's wall time includes both.
    var warmUp = new ServiceTopology.Database("postgresql", url.replaceFirst("/[^/?]+(\\?|$)", "/postgres$1"), user, null);
    backup(settings, warmUp);
    long started = System.nanoTime();
    BackupDump dump = backup(settings, database);
    double seconds = (System.nanoTime() - started) / 1e9;
    sampler.interrupt();
    System.out.printf("seconds=%.2f dumpBytes=%d storedBytes=%d peakHeapMB=%.1f liveHeapMB=%.1f maxHeapMB=%d%n",
        seconds, dump.dumpBytes(), dump.copy().size(), peak.get() / 1048576.0, live.get() / 1048576.0,
        memory.getHeapMemoryUsage().getMax() / 1048576);
    System.exit(0);
  }

  static BackupDump backup(ServiceTopology.Backup settings, ServiceTopology.Database database) throws Exception {
    return new BackupWriter(new ObjectStores(System::getenv)).dump("bench", "20261124T000000Z-bench"
        + System.nanoTime() % 100000, settings, database, null, new EnvKeyProvider("bench-key", "STANDBY_BACKUP_KEY",
        System::getenv), "s3", Optional.empty(), progress -> {});
  }
}
