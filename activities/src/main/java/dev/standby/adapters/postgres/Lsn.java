package dev.standby.adapters.postgres;

import java.util.regex.Pattern;

/**
 * PostgreSQL WAL positions as text ({@code 0/3025EF8}); comparisons are left to the server's pg_lsn
 * type.
 */
final class Lsn {
  private static final Pattern FORMAT = Pattern.compile("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}");

  private Lsn() {}

  static boolean valid(String lsn) {
    return lsn != null && FORMAT.matcher(lsn).matches();
  }

  /**
   * The timeline is the first 8 hex digits of a WAL file name such as {@code
   * 000000020000000000000003}.
   */
  static int timelineOfWalFile(String walFileName) {
    return Integer.parseInt(walFileName.substring(0, 8), 16);
  }
}
