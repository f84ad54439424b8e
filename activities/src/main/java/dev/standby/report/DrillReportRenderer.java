package dev.standby.report;

import dev.standby.model.StepRecord;
import dev.standby.model.drill.DrillResult;
import dev.standby.model.drill.WriteLoadReport;
import dev.standby.model.health.CheckResult;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A drill's report for people: Markdown, and one HTML page with everything inline (CSS, an SVG
 * timeline), so it can be mailed, archived or handed to an auditor without the links breaking.
 */
public final class DrillReportRenderer {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'").withZone(ZoneOffset.UTC);

  private DrillReportRenderer() {}

  /**
   * One step as the timeline chart shows it: the drill's own steps, then the failover's and
   * failback's inside them.
   */
  record Bar(String group, String name, long start, long end, String status, String detail) {}

  public static String markdown(DrillResult r, List<String> recommendations) {
    StringBuilder md = new StringBuilder();
    md.append("# ").append(title(r)).append("\n\n");
    md.append("**Outcome: ").append(r.outcome()).append("**");
    if (!r.reasons().isEmpty()) {
      md.append(": ").append(String.join("; ", r.reasons()));
    }
    md.append("\n\n");
    md.append("- Started ")
        .append(time(r.startedAtMillis()))
        .append(", took ")
        .append(ReadableDurations.human(r.completedAtMillis() - r.startedAtMillis()))
        .append("\n");
    if (r.sourceSite() != null) {
      md.append("- From ")
          .append(r.sourceSite())
          .append(" to ")
          .append(r.targetSite())
          .append("\n");
    }
    if (r.faultInjected() != null) {
      md.append("- Fault: ")
          .append(r.faultInjected().kind())
          .append(" at ")
          .append(r.faultInjected().site())
          .append(", ")
          .append(time(r.faultInjected().atMillis()))
          .append(" (")
          .append(r.faultInjected().detail())
          .append(")\n");
    }
    md.append("- Workflow ")
        .append(r.workflowId())
        .append(" run ")
        .append(r.runId())
        .append("\n\n");
    if (r.objectives() != null && r.type() != dev.standby.model.drill.DrillType.TABLETOP) {
      md.append(
          "## Objectives and measurements\n\n| | objective | measured | verdict |\n|---|---|---|---|\n");
      for (String[] row : objectiveRows(r)) {
        md.append("| ").append(String.join(" | ", row)).append(" |\n");
      }
      md.append('\n');
    }
    if (!r.sites().isEmpty()) {
      md.append("## Sites\n\n");
      r.sites().forEach(site -> md.append("- ").append(site.line()).append('\n'));
      md.append('\n');
    }
    if (r.tabletop() != null && !r.tabletop().isEmpty()) {
      md.append(
          "## Tabletop steps\n\n| step | owner | estimated | taken | acknowledged by |\n|---|---|---|---|---|\n");
      r.tabletop()
          .forEach(
              t ->
                  md.append("| ")
                      .append(t.name())
                      .append(" | ")
                      .append(t.owner())
                      .append(" | ")
                      .append(ReadableDurations.human(t.estimatedMillis()))
                      .append(" | ")
                      .append(
                          t.takenMillis() == null
                              ? "not acknowledged"
                              : ReadableDurations.human(t.takenMillis()))
                      .append(" | ")
                      .append(t.acknowledgedBy() == null ? "" : t.acknowledgedBy())
                      .append(" |\n"));
      md.append('\n');
    }
    if (r.practice() != null) {
      PracticeSection.markdown(md, r.practice());
    }
    md.append("## Timeline\n\n| start | step | took | status | detail |\n|---|---|---|---|---|\n");
    for (Bar b : bars(r)) {
      md.append("| +")
          .append(ReadableDurations.human(b.start() - r.startedAtMillis()))
          .append(" | ")
          .append(b.group().equals("drill") ? b.name() : b.group() + " / " + b.name())
          .append(" | ")
          .append(ReadableDurations.human(b.end() - b.start()))
          .append(" | ")
          .append(b.status().toLowerCase(Locale.ROOT))
          .append(" | ")
          .append(b.detail() == null ? "" : b.detail().replace("|", "\\|"))
          .append(" |\n");
    }
    List<StepRecord> failed = failedSteps(r);
    if (!failed.isEmpty()) {
      md.append("\n## Failed steps\n\n");
      failed.forEach(
          s -> md.append("- **").append(s.name()).append("**: ").append(s.detail()).append('\n'));
    }
    if (r.checks() != null && !r.checks().isEmpty()) {
      md.append("\n## Integration checks on ").append(r.targetSite()).append("\n\n");
      r.checks()
          .forEach(
              c ->
                  md.append("- ")
                      .append(c.passed() ? "passed" : "FAILED")
                      .append(" ")
                      .append(c.name())
                      .append(" (")
                      .append(c.url())
                      .append("): ")
                      .append(c.detail())
                      .append('\n'));
    }
    if (r.consistency() != null && !r.consistency().isEmpty()) {
      md.append(
          "\n## Data consistency\n\n| table | snapshot rows | target rows | checksums |\n|---|---|---|---|\n");
      r.consistency()
          .forEach(
              t ->
                  md.append("| ")
                      .append(t.table())
                      .append(" | ")
                      .append(t.snapshotRows())
                      .append(" | ")
                      .append(t.targetRows())
                      .append(" | ")
                      .append(t.matches() ? "match" : "DIFFER")
                      .append(" |\n"));
    }
    md.append("\n## Recommendations\n\n");
    recommendations.forEach(line -> md.append("- ").append(line).append('\n'));
    return md.toString();
  }

  public static String html(DrillResult r, List<String> recommendations) {
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(esc(title(r)))
        .append(
            "</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><style>")
        .append(CSS)
        .append("</style></head><body><main>");
    String outcomeClass = r.outcome().name().toLowerCase(Locale.ROOT);
    h.append("<header><div><p class=\"kicker\">Standby DR drill report</p><h1>")
        .append(esc(title(r)))
        .append("</h1>")
        .append("<p class=\"meta\">")
        .append(esc(time(r.startedAtMillis())))
        .append(" · took ")
        .append(esc(ReadableDurations.human(r.completedAtMillis() - r.startedAtMillis())));
    if (r.sourceSite() != null) {
      h.append(" · ").append(esc(r.sourceSite())).append(" → ").append(esc(r.targetSite()));
    }
    h.append("</p></div><div class=\"badge ")
        .append(outcomeClass)
        .append("\">")
        .append(esc(r.outcome().name()))
        .append("</div></header>");
    if (!r.reasons().isEmpty()) {
      h.append("<section class=\"reasons ").append(outcomeClass).append("\"><h2>Why</h2><ul>");
      r.reasons().forEach(reason -> h.append("<li>").append(esc(reason)).append("</li>"));
      h.append("</ul></section>");
    }
    if (r.objectives() != null && r.type() != dev.standby.model.drill.DrillType.TABLETOP) {
      h.append("<section><h2>Objectives against measurements</h2><div class=\"cards\">");
      card(
          h,
          "RTO",
          r.rtoMillis() == null ? "not measured" : ReadableDurations.human(r.rtoMillis()),
          "objective "
              + ReadableDurations.human(r.objectives().rtoMillis())
              + " ("
              + r.objectives().rtoSource()
              + ")",
          r.rtoMillis() == null ? null : r.rtoMillis() <= r.objectives().rtoMillis(),
          r.rtoMillis() == null
              ? 0
              : Math.min(1.0, r.rtoMillis() / (double) Math.max(1, r.objectives().rtoMillis())),
          rtoNote(r));
      card(
          h,
          "RPO",
          r.rpoLostWrites() == null ? "not measured" : lostWrites(r.rpoLostWrites()),
          "objective "
              + ReadableDurations.human(r.objectives().rpoMillis())
              + " ("
              + r.objectives().rpoSource()
              + ")",
          r.rpoLostWrites() == null ? null : rpoMet(r),
          r.rpoWindowMillis() == null
              ? 0
              : Math.min(
                  1.0, r.rpoWindowMillis() / (double) Math.max(1, r.objectives().rpoMillis())),
          r.rpoLostWrites() == null
              ? ""
              : "window "
                  + ReadableDurations.human(r.rpoWindowMillis() == null ? 0 : r.rpoWindowMillis())
                  + " · acknowledged writes missing on "
                  + nz(r.targetSite())
                  + " after promotion");
      if (r.writeLoad() != null) {
        WriteLoadReport w = r.writeLoad();
        card(
            h,
            "Write load",
            w.acknowledged() + " acknowledged",
            w.refused() + " refused (never acknowledged, not lost)",
            null,
            0,
            bySite(w)
                + " · ended: "
                + w.stoppedBy().name().toLowerCase(Locale.ROOT)
                + (w.guardDetail() == null ? "" : " (" + w.guardDetail() + ")"));
      }
      h.append("</div></section>");
    }
    if (!r.sites().isEmpty()) {
      h.append("<section><h2>Sites</h2><ul class=\"sites\">");
      r.sites().forEach(site -> h.append("<li>").append(esc(site.line())).append("</li>"));
      h.append("</ul></section>");
    }
    if (r.practice() != null) {
      PracticeSection.html(h, r.practice(), DrillReportRenderer::esc);
    }
    h.append("<section><h2>Timeline</h2>")
        .append(timelineSvg(r))
        .append("<p class=\"legend\">")
        .append(
            "<span class=\"key drill\"></span>drill step <span class=\"key failover\"></span>failover step ")
        .append(
            "<span class=\"key failback\"></span>failback step <span class=\"key failed\"></span>failed ")
        .append(
            "<span class=\"key fault\"></span>fault injected <span class=\"key served\"></span>first write served ")
        .append("by the target</p></section>");
    List<StepRecord> failed = failedSteps(r);
    if (!failed.isEmpty()) {
      h.append("<section><h2>Failed steps</h2><ul class=\"failed\">");
      failed.forEach(
          s ->
              h.append("<li><b>")
                  .append(esc(s.name()))
                  .append("</b> ")
                  .append(esc(nz(s.detail())))
                  .append("</li>"));
      h.append("</ul></section>");
    }
    if (r.tabletop() != null && !r.tabletop().isEmpty()) {
      h.append(
          "<section><h2>Tabletop steps</h2><table><tr><th>step</th><th>owner</th><th>estimated</th><th>taken</th>"
              + "<th>acknowledged by</th></tr>");
      r.tabletop()
          .forEach(
              t ->
                  h.append("<tr><td>")
                      .append(esc(t.name()))
                      .append("</td><td>")
                      .append(esc(t.owner()))
                      .append("</td><td class=\"num\">")
                      .append(ReadableDurations.human(t.estimatedMillis()))
                      .append("</td><td class=\"num ")
                      .append(
                          t.takenMillis() == null || t.takenMillis() > t.estimatedMillis()
                              ? "bad"
                              : "good")
                      .append("\">")
                      .append(
                          t.takenMillis() == null
                              ? "not acknowledged"
                              : ReadableDurations.human(t.takenMillis()))
                      .append("</td><td>")
                      .append(esc(nz(t.acknowledgedBy())))
                      .append(t.note() == null ? "" : " — " + esc(t.note()))
                      .append("</td></tr>"));
      h.append("</table></section>");
    }
    if (r.checks() != null && !r.checks().isEmpty()) {
      h.append("<section><h2>Integration checks on ")
          .append(esc(r.targetSite()))
          .append(
              "</h2><table><tr><th></th>"
                  + "<th>check</th><th>URL</th><th>answer</th><th>latency</th></tr>");
      for (CheckResult c : r.checks()) {
        h.append("<tr><td class=\"")
            .append(c.passed() ? "good" : "bad")
            .append("\">")
            .append(c.passed() ? "✔" : "✘")
            .append("</td><td>")
            .append(esc(c.name()))
            .append("</td><td><code>")
            .append(esc(c.url()))
            .append("</code></td><td>")
            .append(esc(c.detail()))
            .append("</td><td class=\"num\">")
            .append(c.latencyMillis())
            .append(" ms</td></tr>");
      }
      h.append("</table></section>");
    }
    if (r.consistency() != null && !r.consistency().isEmpty()) {
      h.append(
          "<section><h2>Data consistency</h2><p class=\"note\">Rows up to the snapshot's highest key, counted and "
              + "checksummed (md5 in key order) before the drill and on the promoted database after it.</p><table><tr>"
              + "<th></th><th>table</th><th>snapshot rows</th><th>target rows</th><th>snapshot md5</th><th>target md5</th></tr>");
      r.consistency()
          .forEach(
              t ->
                  h.append("<tr><td class=\"")
                      .append(t.matches() ? "good" : "bad")
                      .append("\">")
                      .append(t.matches() ? "✔" : "✘")
                      .append("</td><td>")
                      .append(esc(t.table()))
                      .append("</td><td class=\"num\">")
                      .append(t.snapshotRows())
                      .append("</td><td class=\"num\">")
                      .append(t.targetRows())
                      .append("</td><td><code>")
                      .append(esc(abbrev(t.snapshotChecksum())))
                      .append("</code></td><td><code>")
                      .append(esc(abbrev(t.targetChecksum())))
                      .append("</code></td></tr>"));
      h.append("</table></section>");
    }
    h.append("<section><h2>Recommendations</h2><ol class=\"recs\">");
    recommendations.forEach(line -> h.append("<li>").append(esc(line)).append("</li>"));
    h.append("</ol></section>");
    h.append("<footer>Workflow <code>")
        .append(esc(r.workflowId()))
        .append("</code> run <code>")
        .append(esc(nz(r.runId())))
        .append("</code>");
    if (r.writeLoad() != null && r.writeLoad().journalPath() != null) {
      h.append(" · every acknowledged write: <code>")
          .append(esc(r.writeLoad().journalPath()))
          .append("</code>");
    }
    h.append("</footer></main></body></html>\n");
    return h.toString();
  }

  /**
   * Where the RTO went: the fault to detection, to the failover's start, to the first write the
   * target served.
   */
  static String rtoNote(DrillResult r) {
    String base =
        "from the "
            + (r.faultInjected() != null ? "fault" : "failover's start")
            + " to the first write "
            + nz(r.targetSite())
            + " served through the front door";
    if (r.rtoMillis() == null || r.failover() == null || r.faultInjected() == null) {
      return base;
    }
    long fault = r.faultInjected().atMillis();
    long detected =
        r.failover().incidentStartedAtMillis() == null ? fault : r.failover().startedAtMillis();
    return base
        + ": failover started after "
        + ReadableDurations.human(Math.max(0, detected - fault))
        + ", then "
        + ReadableDurations.human(Math.max(0, fault + r.rtoMillis() - detected))
        + " to serve";
  }

  private static String bySite(WriteLoadReport w) {
    return String.join(
        " · ",
        w.acknowledgedBySite().entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue())
            .toList());
  }

  private static void card(
      StringBuilder h,
      String label,
      String value,
      String objective,
      Boolean met,
      double fill,
      String note) {
    String cls = met == null ? "neutral" : met ? "good" : "bad";
    h.append("<div class=\"card ")
        .append(cls)
        .append("\"><div class=\"label\">")
        .append(esc(label))
        .append("</div>")
        .append("<div class=\"value\">")
        .append(esc(value))
        .append("</div><div class=\"objective\">")
        .append(esc(objective));
    if (met != null) {
      h.append(met ? " · <b>met</b>" : " · <b>missed</b>");
    }
    h.append("</div>");
    if (met != null) {
      h.append("<div class=\"meter\"><span style=\"width:")
          .append(Math.round(Math.max(0.02, fill) * 100))
          .append("%\"></span></div>");
    }
    h.append("<div class=\"note\">").append(esc(note)).append("</div></div>");
  }

  /**
   * A Gantt chart: one row per step, bars placed by their offsets from the drill's start, with the
   * fault marked.
   */
  static String timelineSvg(DrillResult r) {
    List<Bar> bars = bars(r);
    long start = r.startedAtMillis();
    long end =
        Math.max(r.completedAtMillis(), bars.stream().mapToLong(Bar::end).max().orElse(start + 1));
    double span = Math.max(1, end - start);
    int labelWidth = 250;
    int chartWidth = 640;
    int row = 24;
    int top = 28;
    int height = top + bars.size() * row + 16;
    StringBuilder s =
        new StringBuilder(
            "<svg class=\"timeline\" viewBox=\"0 0 "
                + (labelWidth + chartWidth + 90)
                + " "
                + height
                + "\" role=\"img\" aria-label=\"timeline of the drill's steps\">");
    for (int i = 0; i <= 4; i++) {
      double x = labelWidth + chartWidth * i / 4.0;
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" class=\"grid\"/>",
              x,
              top - 6,
              x,
              height - 10));
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" class=\"axis\" text-anchor=\"middle\">+%s</text>",
              x,
              top - 12,
              esc(ReadableDurations.human(Math.round(span * i / 4)))));
    }
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      int y = top + i * row;
      double x = labelWidth + chartWidth * (b.start() - start) / span;
      double w = Math.max(2, chartWidth * (b.end() - b.start()) / span);
      String indent = b.group().equals("drill") ? "" : "· ";
      s.append("<g><title>")
          .append(
              esc(
                  b.name()
                      + ": "
                      + ReadableDurations.human(b.end() - b.start())
                      + (b.detail() == null ? "" : " — " + b.detail())))
          .append("</title>");
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" class=\"label %s\">%s%s</text>",
              labelWidth - 8,
              y + 15,
              b.group().equals("drill") ? "" : "sub",
              esc(indent),
              esc(shortLabel(b))));
      s.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"16\" rx=\"3\" class=\"bar %s %s\"/>",
              x,
              y + 3,
              w,
              b.status().toLowerCase(Locale.ROOT),
              b.group()));
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" class=\"dur\">%s</text>",
              x + w + 4,
              y + 15,
              esc(ReadableDurations.human(b.end() - b.start()))));
      s.append("</g>");
    }
    if (r.faultInjected() != null) {
      double x = labelWidth + chartWidth * (r.faultInjected().atMillis() - start) / span;
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" class=\"fault\"/>",
              x,
              top - 6,
              x,
              height - 10));
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" class=\"faultlabel\">fault</text>",
              x + 3,
              height - 2));
    }
    if (r.rtoMillis() != null && r.faultInjected() != null) {
      double x =
          labelWidth + chartWidth * (r.faultInjected().atMillis() + r.rtoMillis() - start) / span;
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" class=\"served\"/>",
              x,
              top - 6,
              x,
              height - 10));
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" class=\"servedlabel\">served</text>",
              x + 3,
              height - 2));
    }
    return s.append("</svg>").toString();
  }

  static List<Bar> bars(DrillResult r) {
    List<Bar> bars = new ArrayList<>();
    for (StepRecord s : r.steps()) {
      if (s.name().equals("write-report") && s.status() == StepRecord.StepStatus.RUNNING) {
        continue; // the report is being written as this is rendered
      }
      bars.add(bar("drill", s, r.completedAtMillis()));
      if (s.name().equals("failover") && r.failover() != null) {
        r.failover().steps().forEach(f -> bars.add(bar("failover", f, r.completedAtMillis())));
      }
      if (s.name().equals("failback") && r.failback() != null) {
        r.failback().steps().forEach(f -> bars.add(bar("failback", f, r.completedAtMillis())));
      }
    }
    return bars;
  }

  private static Bar bar(String group, StepRecord s, long fallbackEnd) {
    return new Bar(
        group,
        s.name(),
        s.startedAtMillis(),
        s.endedAtMillis() == null ? fallbackEnd : s.endedAtMillis(),
        s.status().name(),
        s.detail());
  }

  private static String shortLabel(Bar b) {
    return b.name().length() > 28 ? b.name().substring(0, 27) + "…" : b.name();
  }

  private static List<StepRecord> failedSteps(DrillResult r) {
    List<StepRecord> failed =
        new ArrayList<>(
            r.steps().stream().filter(s -> s.status() == StepRecord.StepStatus.FAILED).toList());
    if (r.failover() != null) {
      r.failover().steps().stream()
          .filter(s -> s.status() == StepRecord.StepStatus.FAILED)
          .forEach(failed::add);
    }
    return failed;
  }

  private static List<String[]> objectiveRows(DrillResult r) {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "RTO",
          ReadableDurations.human(r.objectives().rtoMillis())
              + " ("
              + r.objectives().rtoSource()
              + ")",
          r.rtoMillis() == null ? "not measured" : ReadableDurations.human(r.rtoMillis()),
          r.rtoMillis() == null
              ? "-"
              : r.rtoMillis() <= r.objectives().rtoMillis() ? "met" : "MISSED"
        });
    rows.add(
        new String[] {
          "RPO",
          ReadableDurations.human(r.objectives().rpoMillis())
              + " ("
              + r.objectives().rpoSource()
              + ")",
          r.rpoLostWrites() == null
              ? "not measured"
              : lostWrites(r.rpoLostWrites())
                  + ", window "
                  + ReadableDurations.human(r.rpoWindowMillis() == null ? 0 : r.rpoWindowMillis()),
          r.rpoLostWrites() == null ? "-" : rpoMet(r) ? "met" : "MISSED"
        });
    return rows;
  }

  static boolean rpoMet(DrillResult r) {
    return r.objectives().rpoMet(r.rpoLostWrites(), r.rpoWindowMillis());
  }

  private static String title(DrillResult r) {
    String type = r.type().name().toLowerCase(Locale.ROOT);
    return r.service()
        + ": "
        + type
        + " drill"
        + (r.fault() == null
            ? ""
            : " (" + r.fault().name().toLowerCase(Locale.ROOT).replace('_', '-') + ")");
  }

  private static String time(long millis) {
    return TIME.format(Instant.ofEpochMilli(millis));
  }

  private static String abbrev(String checksum) {
    return checksum == null
        ? ""
        : checksum.length() > 12 ? checksum.substring(0, 12) + "…" : checksum;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static final String CSS =
      """
      :root{--ink:#1d2433;--muted:#5b6475;--line:#e3e7ee;--bg:#f6f7fb;--good:#1a7f4b;--good-bg:#e6f5ec;--bad:#b42318;
      --bad-bg:#fdecea;--warn:#b54708;--warn-bg:#fef4e6;--accent:#3056d3}
      *{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--ink);
      font:15px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
      main{max-width:1060px;margin:0 auto;padding:32px 28px 48px}
      header{display:flex;justify-content:space-between;align-items:center;gap:24px;margin-bottom:20px}
      .kicker{margin:0;color:var(--muted);text-transform:uppercase;letter-spacing:.08em;font-size:12px;font-weight:600}
      h1{margin:4px 0;font-size:28px}h2{font-size:17px;margin:0 0 12px}.meta{margin:0;color:var(--muted)}
      .badge{font-weight:700;font-size:18px;padding:10px 22px;border-radius:999px;letter-spacing:.04em}
      .badge.passed{background:var(--good-bg);color:var(--good)}.badge.failed{background:var(--bad-bg);color:var(--bad)}
      .badge.aborted,.badge.skipped{background:var(--warn-bg);color:var(--warn)}
      section{background:#fff;border:1px solid var(--line);border-radius:12px;padding:18px 20px;margin:16px 0}
      section.reasons.failed{border-left:5px solid var(--bad)}section.reasons.aborted,section.reasons.skipped{border-left:5px solid var(--warn)}
      .reasons ul{margin:0;padding-left:20px}
      .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:14px}
      .card{border:1px solid var(--line);border-radius:10px;padding:14px 16px;border-top:4px solid var(--muted)}
      .card.good{border-top-color:var(--good)}.card.bad{border-top-color:var(--bad)}
      .card .label{color:var(--muted);font-size:13px;font-weight:600;text-transform:uppercase;letter-spacing:.05em}
      .card .value{font-size:30px;font-weight:700;margin:2px 0}.card.good .value{color:var(--good)}.card.bad .value{color:var(--bad)}
      .card .objective{font-size:14px}.card .note{color:var(--muted);font-size:13px;margin-top:6px}
      .meter{height:6px;background:var(--line);border-radius:3px;margin-top:8px;overflow:hidden}
      .meter span{display:block;height:100%;background:var(--good)}.card.bad .meter span{background:var(--bad)}
      table{border-collapse:collapse;width:100%;font-size:14px}th,td{text-align:left;padding:7px 10px;border-bottom:1px solid var(--line)}
      th{color:var(--muted);font-weight:600;font-size:12px;text-transform:uppercase;letter-spacing:.04em}
      td.num{font-variant-numeric:tabular-nums;white-space:nowrap}td.good{color:var(--good);font-weight:700}
      td.bad{color:var(--bad);font-weight:700}code{font-size:12.5px;background:var(--bg);padding:1px 5px;border-radius:4px}
      .failed li{margin:4px 0;color:var(--bad)}.failed b{color:var(--ink)}.note{color:var(--muted);font-size:13px;margin-top:0}
      .recs li{margin:6px 0}footer{color:var(--muted);font-size:13px;margin-top:18px}
      svg.timeline{width:100%;height:auto;font-size:12px}svg .grid{stroke:var(--line)}svg .axis{fill:var(--muted);font-size:11px}
      svg .label{fill:var(--ink);text-anchor:end}svg .label.sub{fill:var(--muted)}svg .dur{fill:var(--muted);font-size:11px}
      svg .bar.completed{fill:#4c7be0}svg .bar.completed.failover{fill:#8fb0f0}svg .bar.completed.failback{fill:#9ccfb4}
      svg .bar.failed{fill:var(--bad)}svg .bar.running{fill:#c4cad6}svg .bar.skipped{fill:#d9dde5}svg .bar.compensated{fill:#f0b46a}
      svg .fault{stroke:var(--bad);stroke-width:2;stroke-dasharray:4 3}svg .faultlabel{fill:var(--bad);font-size:11px;font-weight:600}
      .legend{color:var(--muted);font-size:12.5px;margin:10px 0 0}.legend .key{display:inline-block;width:14px;height:10px;
      border-radius:2px;margin:0 5px 0 12px;vertical-align:middle}.legend .key.drill{background:#4c7be0}
      .legend .key.failover{background:#8fb0f0}.legend .key.failback{background:#9ccfb4}.legend .key.failed{background:var(--bad)}
      .legend .key.fault{background:none;border-left:2px dashed var(--bad);width:2px;height:12px}
      .legend .key.served{background:none;border-left:2px dashed var(--good);width:2px;height:12px}
      svg .served{stroke:var(--good);stroke-width:2;stroke-dasharray:4 3}svg .servedlabel{fill:var(--good);font-size:11px;font-weight:600}
      """;

  private static String lostWrites(long n) {
    return n + (n == 1 ? " lost write" : " lost writes");
  }
}
