package dev.standby.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Where the CLI finds the API and its token: flags over environment over config file. */
public record CliConfig(String url, String token) {
  public static final String DEFAULT_URL = "http://127.0.0.1:8080";

  public static Path defaultFile(Map<String, String> env) {
    String xdg = env.get("XDG_CONFIG_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".config");
    return base.resolve("standby").resolve("config");
  }

  public static CliConfig resolve(
      String flagUrl, String flagToken, Map<String, String> env, Path file) {
    Map<String, String> fromFile = read(file);
    String url = first(flagUrl, env.get("STANDBY_URL"), fromFile.get("url"), DEFAULT_URL);
    String token = first(flagToken, env.get("STANDBY_TOKEN"), fromFile.get("token"), null);
    return new CliConfig(url.endsWith("/") ? url.substring(0, url.length() - 1) : url, token);
  }

  private static String first(String... candidates) {
    for (String c : candidates) {
      if (c != null && !c.isBlank()) {
        return c.strip();
      }
    }
    return null;
  }

  /** {@code key=value} lines; blank lines and {@code #} comments are skipped. */
  static Map<String, String> read(Path file) {
    if (file == null || !Files.isRegularFile(file)) {
      return Map.of();
    }
    try {
      var values = new java.util.HashMap<String, String>();
      for (String line : Files.readAllLines(file)) {
        String l = line.strip();
        int eq = l.indexOf('=');
        if (l.isEmpty() || l.startsWith("#") || eq < 0) {
          continue;
        }
        values.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
      }
      return values;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
