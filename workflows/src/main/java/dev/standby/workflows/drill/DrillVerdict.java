package dev.standby.workflows.drill;

import dev.standby.model.drill.DrillObjectives;
import java.util.ArrayList;
import java.util.List;

/** Measurements against objectives: each miss is a sentence that says by how much. */
final class DrillVerdict {
  private DrillVerdict() {}

  static List<String> misses(
      DrillObjectives.Resolved objectives, Long rtoMillis, Long lostWrites, Long windowMillis) {
    List<String> misses = new ArrayList<>();
    if (rtoMillis != null && rtoMillis > objectives.rtoMillis()) {
      misses.add(
          "RTO "
              + rtoMillis
              + " ms exceeded the objective of "
              + objectives.rtoMillis()
              + " ms ("
              + objectives.rtoSource()
              + ") by "
              + (rtoMillis - objectives.rtoMillis())
              + " ms");
    }
    if (lostWrites != null && !objectives.rpoMet(lostWrites, windowMillis)) {
      if (objectives.rpoMillis() == 0) {
        misses.add(
            "RPO: "
                + lostWrites
                + " acknowledged writes lost, the objective ("
                + objectives.rpoSource()
                + ") is zero loss");
      } else {
        misses.add(
            "RPO: "
                + lostWrites
                + " acknowledged writes lost over "
                + (windowMillis == null ? 0 : windowMillis)
                + " ms, more than the objective of "
                + objectives.rpoMillis()
                + " ms ("
                + objectives.rpoSource()
                + ")");
      }
    }
    return misses;
  }
}
