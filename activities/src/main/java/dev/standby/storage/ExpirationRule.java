package dev.standby.storage;

/**
 * A lifecycle rule: objects whose key starts with {@code prefix} are deleted {@code days} after
 * they were written.
 */
public record ExpirationRule(String id, String prefix, int days) {
  public ExpirationRule {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("expiration rule: id is required");
    }
    if (days < 1) {
      throw new IllegalArgumentException(
          "expiration rule " + id + ": days must be at least 1, got " + days);
    }
    prefix = prefix == null ? "" : prefix;
  }
}
