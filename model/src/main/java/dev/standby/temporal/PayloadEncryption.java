package dev.standby.temporal;

import java.util.Map;

/**
 * The payload codec's keys: every key that may have encrypted a payload still in a history (to
 * decrypt), and the one new payloads are encrypted with.
 */
public record PayloadEncryption(String currentKey, Map<String, Secret> keys) {
  public PayloadEncryption {
    keys = Map.copyOf(keys);
    if (!keys.containsKey(currentKey)) {
      throw new IllegalArgumentException(
          "encryption.currentKey: '" + currentKey + "' is not one of the keys " + keys.keySet());
    }
  }
}
