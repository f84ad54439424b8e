package dev.standby.model.region;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What a region plan does with the services still to move once one of them failed. */
public enum OnServiceFailure {
  /** Every other service still moves: the failed one is reported. */
  CONTINUE("continue"),
  /** The failed service's group finishes; no later group starts. */
  STOP_AFTER_GROUP("stop-after-group"),
  /** No further service starts; those already moving finish (a half-done failover is worse). */
  STOP("stop");

  private final String word;

  OnServiceFailure(String word) {
    this.word = word;
  }

  /** How the topology writes it: {@code continue}, {@code stop-after-group}, {@code stop}. */
  public String word() {
    return word;
  }

  /** The value the topology or a request names, or null when it names none of them. */
  public static OnServiceFailure parse(String text) {
    for (OnServiceFailure value : values()) {
      if (value.word.equals(text) || value.name().equals(text)) {
        return value;
      }
    }
    return null;
  }

  public static String words() {
    return Arrays.stream(values()).map(OnServiceFailure::word).collect(Collectors.joining(", "));
  }
}
