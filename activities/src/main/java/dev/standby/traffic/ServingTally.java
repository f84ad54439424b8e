package dev.standby.traffic;

import dev.standby.model.traffic.ServingReport;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What verification has seen so far: the current run of answers from the expected site, the last
 * {@code window} answers (what a report describes) and totals since the start (what a failure
 * describes).
 */
final class ServingTally {
  /** Where a 2xx answer without the site header is counted. */
  static final String NO_SITE_HEADER = "(no site header)";

  private static final String ERROR = "";

  private final String expectedSite;
  private final int window;
  private final Deque<String> last = new ArrayDeque<>(); // the answering site, or ERROR
  private final Map<String, Integer> totals = new TreeMap<>();
  private int sent;
  private int streak;
  private Long firstServedByExpectedAtMillis;
  private String lastError;

  ServingTally(String expectedSite, int window) {
    this.expectedSite = expectedSite;
    this.window = window;
  }

  void servedBy(String site, long completedAtMillis) {
    if (site.equals(expectedSite) && firstServedByExpectedAtMillis == null) {
      firstServedByExpectedAtMillis = completedAtMillis;
    }
    record(site);
    streak = site.equals(expectedSite) ? streak + 1 : 0;
  }

  void error(String description) {
    lastError = description;
    record(ERROR);
    streak = 0;
  }

  boolean proven() {
    return streak >= window;
  }

  int streak() {
    return streak;
  }

  /**
   * Counts over the last {@code window} answers: 2xx answers by site, everything else as errors.
   */
  ServingReport report() {
    Map<String, Integer> bySite = new LinkedHashMap<>();
    int errors = 0;
    for (String site : last) {
      if (site.equals(ERROR)) {
        errors++;
      } else {
        bySite.merge(site, 1, Integer::sum);
      }
    }
    return new ServingReport(
        expectedSite, last.size(), bySite, errors, firstServedByExpectedAtMillis);
  }

  String progress() {
    return streak
        + "/"
        + window
        + " in a row from "
        + expectedSite
        + " after "
        + sent
        + " requests";
  }

  String describe() {
    ServingReport recent = report();
    return sent
        + " sent, answered by "
        + totals
        + "; the last "
        + recent.requests()
        + ": "
        + recent.servedBySite()
        + " and "
        + recent.errors()
        + " errors"
        + (lastError == null ? "" : "; last error: " + lastError);
  }

  private void record(String site) {
    sent++;
    totals.merge(site.equals(ERROR) ? "errors" : site, 1, Integer::sum);
    if (last.size() == window) {
      last.removeFirst();
    }
    last.addLast(site);
  }
}
