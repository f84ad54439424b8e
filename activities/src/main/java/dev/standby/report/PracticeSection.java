package dev.standby.report;

import dev.standby.model.practice.FrontDoorSample;
import dev.standby.model.practice.PracticeReport;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A practice failover's part of a drill report: what it measured, what it created and removed, and
 * the proof production did not notice. Rows of label and value, so Markdown and HTML say the same.
 */
final class PracticeSection {
  private PracticeSection() {}

  static List<String[]> rows(PracticeReport p) {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        row(
            "would-be RTO",
            p.wouldBeRtoMillis() == null
                ? "not measured: the isolated app served nothing"
                : ReadableDurations.human(p.wouldBeRtoMillis())
                    + " from the clone's start to the first request the isolated app served"));
    rows.add(
        row(
            "data age",
            p.dataAgeMillis() == null
                ? "unknown"
                : ReadableDurations.human(p.dataAgeMillis())
                    + " (the clone's last commit against the primary's when it was taken)"));
    if (p.serving() != null) {
      rows.add(
          row(
              "isolated app",
              p.serving().served()
                  + "/"
                  + p.serving().requests()
                  + " real requests served at "
                  + p.serving().url()));
    }
    rows.add(
        row(
            "production",
            (p.productionUnchanged() ? "unchanged: " : "CHANGED: ")
                + String.join("; ", p.production())));
    rows.add(row("front door before", sample(p.baseline())));
    rows.add(row("front door during", sample(p.during())));
    p.created().forEach(c -> rows.add(row("created", c)));
    p.removed().forEach(r -> rows.add(row("removed", r)));
    return rows;
  }

  static void markdown(StringBuilder md, PracticeReport p) {
    md.append("## Practice failover\n\n| | |\n|---|---|\n");
    for (String[] r : rows(p)) {
      md.append("| ").append(r[0]).append(" | ").append(r[1].replace("|", "\\|")).append(" |\n");
    }
    md.append('\n');
  }

  static void html(StringBuilder h, PracticeReport p, UnaryOperator<String> esc) {
    h.append("<section><h2>Practice failover</h2><table>");
    for (String[] r : rows(p)) {
      h.append("<tr><th>")
          .append(esc.apply(r[0]))
          .append("</th><td>")
          .append(esc.apply(r[1]))
          .append("</td></tr>");
    }
    h.append("</table></section>");
  }

  private static String sample(FrontDoorSample s) {
    if (s == null) {
      return "not measured";
    }
    return s.acknowledged()
        + " writes acknowledged "
        + s.acknowledgedBySite()
        + ", "
        + s.errors()
        + " errors, p95 "
        + s.p95Millis()
        + " ms over "
        + ReadableDurations.human(s.endedAtMillis() - s.startedAtMillis());
  }

  private static String[] row(String label, String value) {
    return new String[] {label, value};
  }
}
