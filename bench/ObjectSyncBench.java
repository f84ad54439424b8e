import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.storage.Storage;
import dev.standby.adapters.aws.S3Clients;
import dev.standby.adapters.aws.S3ObjectStore;
import dev.standby.adapters.gcp.GcsClients;
import dev.standby.adapters.gcp.GcsObjectStore;
import dev.standby.storage.ObjectInfo;
import dev.standby.storage.ObjectPage;
import dev.standby.storage.ObjectStore;
import dev.standby.storage.ObjectSyncer;
import dev.standby.storage.ObjectSyncer.Checkpoint;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Object sync throughput, Standby vs rclone, S3 (moto) -> GCS (fake-gcs-server), on the same source buckets in
 * one run: many small objects, a few large ones, then a re-sync with nothing changed. Same parallelism for both
 * (16 transfers; rclone also 16 checkers) and the same comparison (rclone --checksum: size + MD5, the closest to
 * Standby's rule). Usage: java -cp ... ObjectSyncBench.java LAB_JSON [SMALL_COUNT SMALL_KIB LARGE_COUNT LARGE_MIB]
 */
public class ObjectSyncBench {
  static final int PARALLELISM = 16;

  record Dataset(String name, int count, int size) {}

  /** Each phase runs this many times per tool, alternating which tool goes first; the table shows medians. */
  static final int ROUNDS = 3;

  record Run(String dataset, String tool, String phase, long objects, long bytes, List<Double> times) {
    double seconds() {
      List<Double> sorted = times.stream().sorted().toList();
      return sorted.get(sorted.size() / 2);
    }

    String range() {
      return String.format("%.2f-%.2f", Collections.min(times), Collections.max(times));
    }

    double mbPerSecond() {
      return bytes / 1e6 / seconds();
    }

    double objectsPerSecond() {
      return objects / seconds();
    }
  }

  public static void main(String[] args) throws Exception {
    JsonNode clouds = new ObjectMapper().readTree(new File(args[0])).path("clouds");
    int smallCount = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int smallKib = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    int largeCount = args.length > 3 ? Integer.parseInt(args[3]) : 4;
    int largeMib = args.length > 4 ? Integer.parseInt(args[4]) : 32;
    String aws = clouds.path("awsEndpoint").asText();
    String gcsEndpoint = clouds.path("gcsEndpoint").asText();
    S3Client s3 = S3Clients.create(clouds.path("awsRegion").asText(), URI.create(aws), StaticCredentialsProvider.create(
        AwsBasicCredentials.create(clouds.path("awsAccessKeyId").asText(), clouds.path("awsSecretAccessKey").asText())));
    Storage gcs = GcsClients.create(clouds.path("gcsProject").asText(), URI.create(gcsEndpoint));
    Map<String, String> rcloneEnv = Map.ofEntries(
        Map.entry("RCLONE_CONFIG_FILE", "/dev/null"),
        Map.entry("RCLONE_CONFIG_SRC_TYPE", "s3"), Map.entry("RCLONE_CONFIG_SRC_PROVIDER", "Other"),
        Map.entry("RCLONE_CONFIG_SRC_ENDPOINT", aws), Map.entry("RCLONE_CONFIG_SRC_REGION", clouds.path("awsRegion").asText()),
        Map.entry("RCLONE_CONFIG_SRC_ACCESS_KEY_ID", clouds.path("awsAccessKeyId").asText()),
        Map.entry("RCLONE_CONFIG_SRC_SECRET_ACCESS_KEY", clouds.path("awsSecretAccessKey").asText()),
        Map.entry("RCLONE_CONFIG_SRC_FORCE_PATH_STYLE", "true"),
        Map.entry("RCLONE_CONFIG_DST_TYPE", "google cloud storage"),
        Map.entry("RCLONE_CONFIG_DST_ENDPOINT", gcsEndpoint + "/storage/v1/"),
        Map.entry("RCLONE_CONFIG_DST_ANONYMOUS", "true"),
        Map.entry("RCLONE_CONFIG_DST_PROJECT_NUMBER", clouds.path("gcsProject").asText()));

    List<Dataset> datasets = List.of(new Dataset("small", smallCount, smallKib * 1024),
        new Dataset("large", largeCount, largeMib * 1024 * 1024));
    List<Run> runs = new ArrayList<>();
    warmUp(s3, gcs);
    for (Dataset d : datasets) {
      String src = "bench-src-" + d.name();
      System.out.printf("filling s3://%s with %d x %d bytes%n", src, d.count(), d.size());
      fill(s3, src, d);
      ObjectStore source = new S3ObjectStore(s3, src);
      long bytes = (long) d.count() * d.size();
      Map<String, Run> byKey = new LinkedHashMap<>();
      for (String phase : List.of("first sync", "no-change re-sync")) {
        for (String tool : List.of("standby", "rclone")) {
          Run run = new Run(d.name(), tool, phase, d.count(), bytes, new ArrayList<>());
          byKey.put(phase + "|" + tool, run);
          runs.add(run);
        }
      }
      for (int round = 1; round <= ROUNDS; round++) {
        // A fresh pair of targets per round: every first sync copies everything.
        ObjectStore standbyTarget = new GcsObjectStore(gcs, "bench-standby-" + d.name() + "-" + round);
        ObjectStore rcloneTarget = new GcsObjectStore(gcs, "bench-rclone-" + d.name() + "-" + round);
        standbyTarget.createIfMissing();
        rcloneTarget.createIfMissing();
        List<String> order = round % 2 == 1 ? List.of("standby", "rclone") : List.of("rclone", "standby");
        for (String phase : List.of("first sync", "no-change re-sync")) {
          for (String tool : order) {
            double seconds = tool.equals("standby") ? standby(source, standbyTarget, phase)
                : rclone(rcloneEnv, "src:" + src, "dst:" + rcloneTarget.describe().substring("gcs://".length()), phase);
            byKey.get(phase + "|" + tool).times().add(seconds);
          }
        }
        verify(source, standbyTarget, d);
        verify(source, rcloneTarget, d);
      }
    }
    print(runs, smallKib, largeMib);
    s3.close();
    gcs.close();
  }

  /**
   * A worker JVM runs for days: run the sync's code paths until the JIT has compiled them before timing, as rclone
   * needs no warm-up. Three first syncs of 500 small objects (a few hundred copies left the copy path interpreted
   * and made the timed run pay for compiling it), their re-syncs, and the path of large objects.
   */
  static void warmUp(S3Client s3, Storage gcs) throws Exception {
    Dataset warm = new Dataset("warmup", 500, 4096);
    fill(s3, "bench-src-warmup", warm);
    for (int i = 0; i < 3; i++) {
      ObjectStore target = new GcsObjectStore(gcs, "bench-standby-warmup-" + i);
      target.createIfMissing();
      for (int pass = 0; pass < 2; pass++) {
        new ObjectSyncer(new S3ObjectStore(s3, "bench-src-warmup"), target, PARALLELISM)
            .run("", true, Checkpoint.start(0), c -> {});
      }
    }
    Dataset large = new Dataset("warmup-large", 4, 2 * ObjectStore.PART_SIZE + 1);
    fill(s3, "bench-src-warmup-large", large);
    ObjectStore largeTarget = new GcsObjectStore(gcs, "bench-standby-warmup-large");
    largeTarget.createIfMissing();
    new ObjectSyncer(new S3ObjectStore(s3, "bench-src-warmup-large"), largeTarget, PARALLELISM)
        .run("", true, Checkpoint.start(0), c -> {});
  }

  static void fill(S3Client s3, String bucket, Dataset d) throws Exception {
    s3.createBucket(b -> b.bucket(bucket));
    ExecutorService pool = Executors.newFixedThreadPool(PARALLELISM);
    List<Future<?>> puts = new ArrayList<>();
    for (int i = 0; i < d.count(); i++) {
      int n = i;
      puts.add(pool.submit(() -> {
        byte[] data = new byte[d.size()];
        new Random(n).nextBytes(data);
        s3.putObject(b -> b.bucket(bucket).key(String.format("obj/%06d", n)), RequestBody.fromBytes(data));
      }));
    }
    for (Future<?> f : puts) {
      f.get();
    }
    pool.shutdown();
  }

  static double standby(ObjectStore source, ObjectStore target, String phase) {
    long start = System.nanoTime();
    Checkpoint done = new ObjectSyncer(source, target, PARALLELISM).run("", true, Checkpoint.start(0), c -> {});
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("standby %-18s %s -> %s: copied %d, skipped %d, failed %d in %.2f s%n", phase,
        source.describe(), target.describe(), done.copied(), done.skipped(), done.failed(), seconds);
    if (done.failed() > 0) {
      throw new IllegalStateException("standby failed: " + done.failures());
    }
    return seconds;
  }

  static double rclone(Map<String, String> env, String from, String to, String phase) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("rclone", "sync", from, to, "--checksum", "--transfers", "" + PARALLELISM,
        "--checkers", "" + PARALLELISM, "--stats-one-line", "--stats", "0", "-q");
    pb.environment().putAll(env);
    pb.environment().remove("AWS_CA_BUNDLE"); // rclone's S3 client refuses a CA bundle on a plain-HTTP endpoint
    pb.inheritIO();
    long start = System.nanoTime();
    int exit = pb.start().waitFor();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (exit != 0) {
      throw new IllegalStateException("rclone " + phase + " exited " + exit);
    }
    System.out.printf("rclone  %-18s %s -> %s in %.2f s%n", phase, from, to, seconds);
    return seconds;
  }

  static void verify(ObjectStore source, ObjectStore target, Dataset d) {
    long count = 0;
    long bytes = 0;
    String after = null;
    do {
      ObjectPage page = target.list("", after, 1000);
      for (ObjectInfo o : page.objects()) {
        count++;
        bytes += o.size();
      }
      after = page.nextStartAfter();
    } while (after != null);
    if (count != d.count() || bytes != (long) d.count() * d.size()) {
      throw new IllegalStateException(target.describe() + " has " + count + " objects, " + bytes + " bytes");
    }
  }

  static void print(List<Run> runs, int smallKib, int largeMib) {
    System.out.println();
    System.out.printf("S3 (moto) -> GCS (fake-gcs-server), %d-way parallel; small = %d KiB objects, large = %d MiB%n",
        PARALLELISM, smallKib, largeMib);
    System.out.printf("%-6s %-18s %-8s %8s %9s %9s %11s %9s %10s %s%n", "data", "phase", "tool", "objects", "MB",
        "seconds", "range", "MB/s", "objects/s", "standby/rclone");
    for (int i = 0; i < runs.size(); i += 2) {
      Run standby = runs.get(i);
      Run rclone = runs.get(i + 1);
      for (Run r : List.of(standby, rclone)) {
        System.out.printf("%-6s %-18s %-8s %8d %9.1f %9.2f %11s %9.1f %10.1f %s%n", r.dataset(), r.phase(), r.tool(),
            r.objects(), r.bytes() / 1e6, r.seconds(), r.range(), r.mbPerSecond(), r.objectsPerSecond(),
            r == standby ? String.format("%.2fx", rclone.seconds() / standby.seconds()) : "");
      }
    }
    System.out.printf("seconds = median of %d rounds (range: fastest-slowest), tools alternating which goes first; "
        + "ratio = rclone median / standby median (above 1: standby faster)%n", ROUNDS);
  }
}
