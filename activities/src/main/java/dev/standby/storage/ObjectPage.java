package dev.standby.storage;

import java.util.List;

/**
 * One page of a listing, keys in ascending (UTF-8 byte) order; {@code nextStartAfter} is null on
 * the last page.
 */
public record ObjectPage(List<ObjectInfo> objects, String nextStartAfter) {
  public ObjectPage {
    objects = List.copyOf(objects);
  }

  public boolean isLast() {
    return nextStartAfter == null;
  }
}
