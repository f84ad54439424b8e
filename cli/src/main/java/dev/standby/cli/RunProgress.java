package dev.standby.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What of a running run can be drawn as a bar, from its JSON: a failback step's bake (the
 * measurement of the step being baked has when its weights were set and when the bake is planned to
 * end) and transfers (activities that heartbeat {@code bytes}, with {@code totalBytes} when the
 * size is known: a backup's uploads and read-backs).
 */
final class RunProgress {
  /** Shown beside a transfer whose last heartbeat is older than this (heartbeats are throttled). */
  static final long STALE_MILLIS = 5_000;

  private static final Map<String, String> TRANSFERS =
      Map.of(
          "BackupDump", "dump to",
          "BackupCopy", "upload",
          "BackupVerify", "verify",
          "BackupRestoreAndCheck", "fetch");

  /**
   * One bar's line.
   *
   * @param key the same for the same bake or transfer from poll to poll
   * @param fraction how far, 0 to 1; negative when its end is not known
   */
  record Item(String key, String line, double fraction) {}

  private RunProgress() {}

  static List<Item> of(JsonNode run, long nowMillis) {
    List<Item> items = new ArrayList<>();
    if (!"RUNNING".equals(run.path("status").asText())) {
      return items;
    }
    JsonNode bake = bakingStep(run.path("progress"));
    if (bake != null) {
      items.add(bake(run.path("progress"), bake, nowMillis));
    }
    for (JsonNode activity : run.path("activities")) {
      JsonNode heartbeat = activity.path("heartbeat");
      if (heartbeat.path("bytes").isNumber()) {
        items.add(transfer(activity, heartbeat, nowMillis));
      }
    }
    return items;
  }

  /** The measurement of the step now baking: not ended, with a planned end. */
  private static JsonNode bakingStep(JsonNode progress) {
    JsonNode found = null;
    for (JsonNode m : progress.path("measurements")) {
      if (m.path("endedAtMillis").isNull() || m.path("endedAtMillis").isMissingNode()) {
        if (m.path("bakeEndsAtMillis").isNumber()) {
          found = m;
        }
      }
    }
    return found;
  }

  /**
   * {@code bake [######..............] 30% 18 s of 60 s; site-a 29.5% so far}: how much of the bake
   * has passed, by this machine's clock against the workflow's times, and the returning site's
   * share of the requests the front door has sampled in it so far.
   */
  private static Item bake(JsonNode progress, JsonNode m, long now) {
    long start = m.path("weightsSetAtMillis").asLong();
    long length = m.path("bakeEndsAtMillis").asLong() - start;
    long elapsed = Math.max(0, Math.min(length, now - start));
    StringBuilder line =
        new StringBuilder("bake    ")
            .append(ProgressBar.bar(elapsed, length))
            .append(' ')
            .append(ProgressBar.percent(elapsed, length))
            .append("  ")
            .append(ProgressBar.timeOf(elapsed, length));
    if ("PAUSED".equals(progress.path("state").asText())) {
      line.append(", paused");
    }
    String target = progress.path("targetSite").asText("");
    int requests = m.path("requests").asInt();
    if (!target.isEmpty() && requests > 0) {
      int answered =
          m.path("servedBySite").path(target).asInt() + m.path("errorsBySite").path(target).asInt();
      line.append(
          String.format(
              Locale.ROOT,
              "; %s served %.1f%% so far",
              target,
              Math.round(1000.0 * answered / requests) / 10.0));
    }
    String key = "bake " + m.path("phase").asText() + "@" + start;
    return new Item(key, line.toString(), length <= 0 ? 1 : (double) elapsed / length);
  }

  /**
   * {@code upload s3 [########............] 40% 12.4 of 31.0 MiB}; a dump, whose size is known only
   * at its end, says how much it has stored so far.
   */
  private static Item transfer(JsonNode activity, JsonNode heartbeat, long now) {
    String type = activity.path("activityType").asText();
    String target = heartbeat.path("target").asText("");
    String label = TRANSFERS.getOrDefault(type, type) + (target.isEmpty() ? "" : " " + target);
    long bytes = heartbeat.path("bytes").asLong();
    StringBuilder line = new StringBuilder(label).append("  ");
    double fraction = -1;
    if (heartbeat.path("totalBytes").isNumber() && heartbeat.path("totalBytes").asLong() > 0) {
      long total = heartbeat.path("totalBytes").asLong();
      fraction = Math.min(1, (double) bytes / total);
      line.append(ProgressBar.bar(bytes, total))
          .append(' ')
          .append(ProgressBar.percent(bytes, total))
          .append("  ")
          .append(ProgressBar.bytesOf(bytes, total));
    } else {
      line.append(ProgressBar.bytes(bytes)).append(" stored so far (size known at the end)");
    }
    long age = age(activity.path("lastHeartbeatAt").asText(""), now);
    if (age >= STALE_MILLIS) {
      line.append(", as of ").append(ProgressBar.seconds(age)).append(" ago");
    }
    if (activity.path("attempt").asInt(1) > 1) {
      line.append(", attempt ").append(activity.path("attempt").asInt());
    }
    return new Item(type + " " + target, line.toString(), fraction);
  }

  private static long age(String iso, long now) {
    try {
      return iso.isEmpty() ? 0 : now - Instant.parse(iso).toEpochMilli();
    } catch (DateTimeParseException e) {
      return 0;
    }
  }
}
