package dev.standby.backup;

/**
 * Where a backup's objects live in a target: {@code <prefix>/<service>/<backupId>.sbk} (the
 * encrypted dump) and {@code <prefix>/<service>/<backupId>.manifest.json} next to it.
 */
public final class BackupObjects {
  public static final String DATA_SUFFIX = ".sbk";
  public static final String MANIFEST_SUFFIX = ".manifest.json";

  private BackupObjects() {}

  public static String folder(String prefix, String service) {
    return prefix + "/" + service + "/";
  }

  public static String data(String prefix, String service, String backupId) {
    return folder(prefix, service) + backupId + DATA_SUFFIX;
  }

  public static String manifest(String prefix, String service, String backupId) {
    return folder(prefix, service) + backupId + MANIFEST_SUFFIX;
  }

  /**
   * The backup id an object of this folder belongs to, or null for an object that is not a
   * backup's.
   */
  public static String backupIdOf(String folder, String key) {
    if (!key.startsWith(folder)) {
      return null;
    }
    String name = key.substring(folder.length());
    if (name.endsWith(DATA_SUFFIX)) {
      return name.substring(0, name.length() - DATA_SUFFIX.length());
    }
    if (name.endsWith(MANIFEST_SUFFIX)) {
      return name.substring(0, name.length() - MANIFEST_SUFFIX.length());
    }
    return null;
  }

  /**
   * Backup ids start with their UTC time, {@code yyyyMMdd'T'HHmmss'Z'}; -1 when this one does not.
   */
  public static long createdAtMillis(String backupId) {
    try {
      return java.time.LocalDateTime.parse(
              backupId.substring(0, 16),
              java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
          .toInstant(java.time.ZoneOffset.UTC)
          .toEpochMilli();
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
