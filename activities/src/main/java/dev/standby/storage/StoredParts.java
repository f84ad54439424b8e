package dev.standby.storage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The parts of one multipart upload as its adapter knows them, by number: what the provider calls
 * each stored part (an ETag, an object or block name, a file) and its size. Parts arrive from
 * several threads and out of order, and one may be stored again (the last upload counts); a resumed
 * stream skips the unbroken run from part 1. Parts found at a resume after a gap count only if sent
 * again: one past the end of this stream must not end up in the object.
 */
public final class StoredParts<T> {
  private final String store;
  private final String key;
  private final ConcurrentSkipListMap<Integer, Stored<T>> parts = new ConcurrentSkipListMap<>();
  private final ConcurrentSkipListSet<Integer> sent = new ConcurrentSkipListSet<>();

  private record Stored<T>(T part, long size) {}

  /** {@code store} and {@code key} only name the upload in errors. */
  public StoredParts(String store, String key) {
    this.store = store;
    this.key = key;
  }

  /** A part stored by this upload now. */
  public void add(int number, T part, long size) {
    parts.put(number, new Stored<>(part, size));
    sent.add(number);
  }

  /** A part already in the store when the upload was resumed. */
  public void found(int number, T part, long size) {
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

  /**
   * Parts 1 to the last one sent, in order, to complete the upload with; a part missing in between
   * is an error. When a resume had nothing left to send, the stream ended with the run found: that
   * run.
   */
  public List<T> inOrder() {
    int last = sent.isEmpty() ? run() : sent.last();
    List<T> ordered = new ArrayList<>(last);
    for (int number = 1; number <= last; number++) {
      Stored<T> p = parts.get(number);
      if (p == null) {
        throw new StorageException(
            store
                + ": cannot complete the upload of "
                + key
                + ": part "
                + number
                + " is missing (parts up to "
                + last
                + " were sent)");
      }
      ordered.add(p.part());
    }
    return ordered;
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
