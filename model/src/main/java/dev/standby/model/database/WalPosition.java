package dev.standby.model.database;

/**
 * A PostgreSQL WAL position ({@code 0/3025EF8}) as a byte offset, so positions read from different
 * replicas can be compared and their distance told in bytes.
 */
public final class WalPosition {
  private WalPosition() {}

  /** The byte offset of {@code lsn}, or -1 when there is none or it is not a WAL position. */
  public static long bytes(String lsn) {
    if (lsn == null) {
      return -1;
    }
    int slash = lsn.indexOf('/');
    if (slash < 1 || slash == lsn.length() - 1) {
      return -1;
    }
    try {
      return (Long.parseLong(lsn.substring(0, slash), 16) << 32)
          | Long.parseLong(lsn.substring(slash + 1), 16);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
