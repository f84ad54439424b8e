package dev.standby.storage;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Object keys: the order every provider lists them in, and the check that a key is usable
 * everywhere.
 */
public final class Keys {
  /**
   * Ascending UTF-8 byte order, as S3, GCS and Azure list keys (String.compareTo is UTF-16 order).
   */
  public static final Comparator<String> ORDER =
      (a, b) ->
          Arrays.compareUnsigned(
              a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  private Keys() {}

  /**
   * Refuses keys no provider (or the local filesystem) takes the same way: empty, absolute, with .
   * or .. segments.
   */
  public static String check(String store, String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException(store + ": object key is empty");
    }
    if (key.startsWith("/") || key.endsWith("/") || key.contains("//")) {
      throw new IllegalArgumentException(
          store + ": object key '" + key + "' has an empty path segment");
    }
    for (String segment : key.split("/")) {
      if (segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException(
            store + ": object key '" + key + "' has a '" + segment + "' segment");
      }
    }
    if (key.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(store + ": object key has a NUL character");
    }
    return key;
  }
}
