package dev.standby.model.backup;

import java.util.Map;

/** What the dump step wrote to the first target, and what it saw of the source while dumping. */
public record BackupDump(
    BackupCopy copy,
    String format,
    String sourceLsn,
    String serverVersion,
    long dumpBytes,
    String keyId,
    Map<String, Long> rowCounts) {
  public BackupDump {
    rowCounts = rowCounts == null ? Map.of() : Map.copyOf(rowCounts);
  }
}
