package dev.standby.worker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** One scrape of a Prometheus endpoint over HTTP: each sample by its series. */
record Scrape(String body, Map<String, Double> samples) {
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  static Scrape of(String url) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(url + " answered " + response.statusCode() + ": " + response.body());
    }
    Map<String, Double> samples = new LinkedHashMap<>();
    for (String line : response.body().split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      samples.put(
          canonical(line.substring(0, space)), Double.parseDouble(line.substring(space + 1)));
    }
    return new Scrape(response.body(), samples);
  }

  /**
   * The sample of {@code name} with exactly these labels (name, value, name, value...), or null.
   */
  Double value(String name, String... labels) {
    Map<String, String> wanted = new TreeMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      wanted.put(labels[i], labels[i + 1]);
    }
    return samples.get(name + braces(wanted));
  }

  /** Metric names present: every sample's name, up to its labels. */
  Set<String> names() {
    return samples.keySet().stream()
        .map(s -> s.contains("{") ? s.substring(0, s.indexOf('{')) : s)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** A series with its labels in name order: the exposition puts {@code le} last. */
  private static String canonical(String series) {
    int brace = series.indexOf('{');
    if (brace < 0) {
      return series;
    }
    Map<String, String> labels = new TreeMap<>();
    Matcher m = LABEL.matcher(series.substring(brace));
    while (m.find()) {
      labels.put(m.group(1), m.group(2));
    }
    return series.substring(0, brace) + braces(labels);
  }

  private static String braces(Map<String, String> labels) {
    return labels.isEmpty()
        ? ""
        : labels.entrySet().stream()
            .map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
            .collect(Collectors.joining(",", "{", "}"));
  }
}
