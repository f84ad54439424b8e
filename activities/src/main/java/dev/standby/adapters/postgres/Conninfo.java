package dev.standby.adapters.postgres;

import java.util.LinkedHashMap;
import java.util.Map;

/** libpq's {@code key=value} connection strings, as in {@code primary_conninfo}. */
final class Conninfo {
  private Conninfo() {}

  /**
   * The settings of a {@code key=value ...} string (values may be single-quoted, with {@code \'}
   * and {@code \\} escapes); empty for an empty string or a URI ({@code postgresql://...}), which
   * is not parsed.
   */
  static Map<String, String> parse(String conninfo) {
    Map<String, String> settings = new LinkedHashMap<>();
    if (conninfo == null || conninfo.strip().startsWith("postgres")) {
      return settings;
    }
    int i = 0;
    int n = conninfo.length();
    while (i < n) {
      while (i < n && Character.isWhitespace(conninfo.charAt(i))) {
        i++;
      }
      int eq = conninfo.indexOf('=', i);
      if (i >= n || eq < 0) {
        break;
      }
      String key = conninfo.substring(i, eq).strip();
      i = eq + 1;
      while (i < n && Character.isWhitespace(conninfo.charAt(i))) {
        i++;
      }
      StringBuilder value = new StringBuilder();
      if (i < n && conninfo.charAt(i) == '\'') {
        i++;
        while (i < n && conninfo.charAt(i) != '\'') {
          if (conninfo.charAt(i) == '\\' && i + 1 < n) {
            i++;
          }
          value.append(conninfo.charAt(i++));
        }
        i++; // the closing quote
      } else {
        while (i < n && !Character.isWhitespace(conninfo.charAt(i))) {
          value.append(conninfo.charAt(i++));
        }
      }
      settings.put(key, value.toString());
    }
    return settings;
  }

  /** The first of a comma-separated {@code host} (or {@code hostaddr}) list; null without one. */
  static String firstHost(Map<String, String> settings) {
    String hosts = settings.getOrDefault("host", settings.get("hostaddr"));
    return hosts == null || hosts.isBlank() ? null : hosts.split(",")[0].strip();
  }

  /** The first of a comma-separated {@code port} list; 5432 when a host is given without one. */
  static Integer firstPort(Map<String, String> settings) {
    if (firstHost(settings) == null) {
      return null;
    }
    String ports = settings.get("port");
    try {
      return ports == null || ports.isBlank()
          ? 5432
          : Integer.parseInt(ports.split(",")[0].strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
