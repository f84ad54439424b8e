package dev.standby.storage;

import dev.standby.storage.ObjectComparison.Verdict;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One incremental pass from a source store into a target. Both are listed in key order and merged
 * page by page; objects that differ ({@link ObjectComparison}) are streamed across by a fixed pool
 * of threads. After each page is fully handled the checkpoint moves to its last key, so a pass
 * resumed from a checkpoint starts after it. A copy that fails is counted and named, and the pass
 * goes on.
 */
public final class ObjectSyncer {
  public static final int PAGE = 1000;
  private static final int MAX_NAMED_FAILURES = 20;
  private final ObjectStore source;
  private final ObjectStore target;
  private final int parallelism;

  public ObjectSyncer(ObjectStore source, ObjectStore target, int parallelism) {
    this.source = source;
    this.target = target;
    this.parallelism = parallelism;
  }

  /** Progress so far; also the heartbeat a resumed pass starts from. */
  public record Checkpoint(
      String lastKey,
      long startedAtMillis,
      long copied,
      long bytesCopied,
      long skipped,
      long bytesSkipped,
      long failed,
      long deleted,
      List<String> failures,
      Long oldestFailedChangeMillis) {

    public Checkpoint {
      failures = failures == null ? List.of() : List.copyOf(failures);
    }

    public static Checkpoint start(long nowMillis) {
      return new Checkpoint(null, nowMillis, 0, 0, 0, 0, 0, 0, List.of(), null);
    }
  }

  /**
   * Runs the pass from {@code from} (its lastKey, null for the start); {@code onProgress} is called
   * with the checkpoint after every page and about every second while copies run.
   */
  public Checkpoint run(
      String prefix, boolean deleteExtra, Checkpoint from, Consumer<Checkpoint> onProgress) {
    Tally tally = new Tally(from);
    // Both listings run ahead of the merge on their own thread each: the source's and the target's
    // next pages
    // arrive while the current page is compared and copied.
    ExecutorService listers =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "object-sync-list");
              t.setDaemon(true);
              return t;
            });
    Listing targets = new Listing(target, prefix, from.lastKey(), listers);
    Listing sources = new Listing(source, prefix, from.lastKey(), listers);
    ExecutorService pool =
        Executors.newFixedThreadPool(
            parallelism,
            r -> {
              Thread t = new Thread(r, "object-sync-copy");
              t.setDaemon(true);
              return t;
            });
    try {
      while (sources.hasNextPage()) {
        List<ObjectInfo> page = sources.nextPage();
        List<Future<?>> copies = new ArrayList<>();
        for (ObjectInfo src : page) {
          // Target keys before this source key are extras: the source has no such object.
          while (targets.hasNext() && Keys.ORDER.compare(targets.peek().key(), src.key()) < 0) {
            ObjectInfo extra = targets.next();
            if (deleteExtra) {
              copies.add(pool.submit(() -> deleteExtra(extra, tally)));
            }
          }
          ObjectInfo dst =
              targets.hasNext() && targets.peek().key().equals(src.key()) ? targets.next() : null;
          copies.add(pool.submit(() -> handle(src, dst, tally)));
        }
        await(copies, tally, onProgress);
        tally.checkpointAt(page.get(page.size() - 1).key());
        onProgress.accept(tally.checkpoint());
      }
      if (deleteExtra) {
        List<Future<?>> deletes = new ArrayList<>();
        while (targets.hasNext()) {
          ObjectInfo extra = targets.next();
          deletes.add(pool.submit(() -> deleteExtra(extra, tally)));
        }
        await(deletes, tally, onProgress);
      }
      return tally.checkpoint();
    } finally {
      pool.shutdownNow();
      listers.shutdownNow();
    }
  }

  private void handle(ObjectInfo listedSource, ObjectInfo listedTarget, Tally tally) {
    ObjectInfo src = listedSource;
    try {
      Verdict verdict = ObjectComparison.compare(src, listedTarget);
      if (verdict == Verdict.UNKNOWN) {
        // The listings lacked the metadata that decides (S3 lists none): look at each object
        // itself.
        src = source.listsMetadata() ? src : source.head(src.key()).orElse(src);
        ObjectInfo dst =
            target.listsMetadata()
                ? listedTarget
                : target.head(listedTarget.key()).orElse(listedTarget);
        verdict = ObjectComparison.compare(src, dst);
      }
      if (verdict == Verdict.SAME) {
        tally.skipped(src.size());
        return;
      }
      copy(src);
      tally.copied(src.size());
    } catch (RuntimeException e) {
      tally.failed(src, e);
    }
  }

  private void copy(ObjectInfo listed) {
    // One request for bytes and metadata (S3 listings carry no user metadata; its GET does).
    ObjectRead read = source.read(listed.key());
    ObjectInfo src = read.info();
    Map<String, String> metadata = new HashMap<>(src.metadata());
    metadata.remove(StandbyMetadata.SHA256); // recomputed from the bytes actually copied
    metadata.put(StandbyMetadata.SOURCE_ETAG, src.etag());
    try (InputStream in = read.body()) {
      ObjectWriter.copy(target, src.key(), in, src.size(), metadata);
    } catch (java.io.IOException e) {
      throw new StorageException(
          source.describe() + ": reading " + src.key() + ": " + e.getMessage(), e);
    } catch (
        java.io.UncheckedIOException
            e) { // e.g. the source changed while read: its length is not the listed one
      throw new StorageException(
          source.describe() + ": reading " + src.key() + ": " + e.getCause().getMessage(), e);
    }
  }

  private void deleteExtra(ObjectInfo extra, Tally tally) {
    try {
      target.delete(extra.key());
      tally.deleted();
    } catch (RuntimeException e) {
      tally.failed(extra, e);
    }
  }

  private static void await(List<Future<?>> work, Tally tally, Consumer<Checkpoint> onProgress) {
    for (Future<?> f : work) {
      while (true) {
        try {
          f.get(1, TimeUnit.SECONDS);
          break;
        } catch (TimeoutException stillRunning) {
          onProgress.accept(tally.checkpoint());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("sync interrupted", e);
        } catch (ExecutionException e) {
          throw new IllegalStateException("copy task failed unexpectedly", e.getCause());
        }
      }
    }
  }

  /** Counters shared by the copy threads. */
  private static final class Tally {
    private String lastKey;
    private final long startedAt;
    private long copied;
    private long bytesCopied;
    private long skipped;
    private long bytesSkipped;
    private long failed;
    private long deleted;
    private final List<String> failures;
    private Long oldestFailedChange;

    Tally(Checkpoint from) {
      lastKey = from.lastKey();
      startedAt = from.startedAtMillis();
      copied = from.copied();
      bytesCopied = from.bytesCopied();
      skipped = from.skipped();
      bytesSkipped = from.bytesSkipped();
      failed = from.failed();
      deleted = from.deleted();
      failures = new ArrayList<>(from.failures());
      oldestFailedChange = from.oldestFailedChangeMillis();
    }

    synchronized void copied(long bytes) {
      copied++;
      bytesCopied += bytes;
    }

    synchronized void skipped(long bytes) {
      skipped++;
      bytesSkipped += bytes;
    }

    synchronized void deleted() {
      deleted++;
    }

    synchronized void failed(ObjectInfo object, RuntimeException e) {
      failed++;
      if (failures.size() < MAX_NAMED_FAILURES) {
        failures.add(object.key() + ": " + e.getMessage());
      }
      long changed =
          object.lastModified() == null ? startedAt : object.lastModified().toEpochMilli();
      oldestFailedChange =
          oldestFailedChange == null ? changed : Math.min(oldestFailedChange, changed);
    }

    synchronized void checkpointAt(String key) {
      lastKey = key;
    }

    synchronized Checkpoint checkpoint() {
      return new Checkpoint(
          lastKey,
          startedAt,
          copied,
          bytesCopied,
          skipped,
          bytesSkipped,
          failed,
          deleted,
          Collections.unmodifiableList(new ArrayList<>(failures)),
          oldestFailedChange);
    }
  }

  private static ObjectPage take(Future<ObjectPage> page) {
    try {
      return page.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("listing interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime; // a StorageException from the store: the pass fails and is retried
      }
      throw new StorageException("listing failed: " + e.getCause(), e.getCause());
    }
  }

  /** A store's listing as a stream of objects and of pages, the next page fetched ahead. */
  private static final class Listing implements Iterator<ObjectInfo> {
    private final ObjectStore store;
    private final String prefix;
    private String after;
    private boolean exhausted;
    private final List<ObjectInfo> buffer = new ArrayList<>();
    private int position;

    private final ExecutorService lister;
    private Future<ObjectPage> ahead;

    Listing(ObjectStore store, String prefix, String after, ExecutorService lister) {
      this.store = store;
      this.prefix = prefix == null ? "" : prefix;
      this.after = after;
      this.lister = lister;
      this.ahead = fetch(after);
    }

    private Future<ObjectPage> fetch(String from) {
      return lister.submit(() -> store.list(prefix, from, PAGE));
    }

    boolean hasNextPage() {
      fill();
      return position < buffer.size();
    }

    List<ObjectInfo> nextPage() {
      fill();
      List<ObjectInfo> page = new ArrayList<>(buffer.subList(position, buffer.size()));
      position = buffer.size();
      return page;
    }

    @Override
    public boolean hasNext() {
      fill();
      return position < buffer.size();
    }

    ObjectInfo peek() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return buffer.get(position);
    }

    @Override
    public ObjectInfo next() {
      ObjectInfo next = peek();
      position++;
      return next;
    }

    private void fill() {
      while (position >= buffer.size() && !exhausted) {
        buffer.clear();
        position = 0;
        ObjectPage page = take(ahead);
        buffer.addAll(page.objects());
        after = page.nextStartAfter();
        exhausted = page.isLast();
        ahead = exhausted ? null : fetch(after);
      }
    }
  }
}
