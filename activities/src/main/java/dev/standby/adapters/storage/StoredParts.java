package dev.standby.adapters.storage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The parts of one multipart upload as its adapter knows them, by number: what the provider calls each stored part
 * (an ETag, an object or block name, a file) and its size. Parts arrive from several threads and out of order, and
 * one may be stored again (the last upload counts); a resumed stream skips the unbroken run from part 1.
 */
public final class StoredParts<T> {
  private final String store;
  private final String key;
  private final ConcurrentSkipListMap<Integer, Stored<T>> parts = new ConcurrentSkipListMap<>();

  private record Stored<T>(T part, long size) {}

  /** {@code store} and {@code key} only name the upload in errors. */
  public StoredParts(String store, String key) {
    this.store = store;
    this.key = key;
  }

  public void add(int number, T part, long size) {
    parts.put(number, new Stored<>(part, size));
  }

  /** How many parts there are from 1 with none missing. */
  public int run() {
    return runFromOne().size();
  }

  /** The bytes in {@link #run()}: where a resumed stream goes on. */
  public long runBytes() {
    return runFromOne().stream().mapToLong(Stored::size).sum();
  }

  /** Parts 1 to the last, in order, to complete the upload with; a part missing in between is an error. */
  public List<T> inOrder() {
    List<Stored<T>> run = runFromOne();
    if (run.size() < parts.size()) {
      throw new StorageException(store + ": cannot complete the upload of " + key + ": part " + (run.size() + 1)
          + " is missing (parts up to " + parts.lastKey() + " are stored)");
    }
    return run.stream().map(Stored::part).toList();
  }

  /** Every part recorded, gaps or not: what aborting the upload deletes. */
  public Collection<T> all() {
    return parts.values().stream().map(Stored::part).toList();
  }

  private List<Stored<T>> runFromOne() {
    List<Stored<T>> run = new ArrayList<>();
    for (Map.Entry<Integer, Stored<T>> e : parts.entrySet()) {
      if (e.getKey() != run.size() + 1) {
        break;
      }
      run.add(e.getValue());
    }
    return run;
  }
}
