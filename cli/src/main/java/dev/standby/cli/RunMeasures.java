package dev.standby.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The RTO and RPO a run's result measured, as a person reads them: {@code RTO 4.3 s}, {@code RPO 0
 * (proven): ...}. Results of different kinds name them differently (a failover's {@code rtoMillis}
 * and {@code dataLoss}, a failback's {@code switchover} and {@code switchback}), so any field named
 * rto/rpo and any data-loss evidence (an object with {@code zeroLossProven}) is shown.
 */
final class RunMeasures {
  private RunMeasures() {}

  static List<String> of(JsonNode result) {
    List<String> lines = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = result.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      String key = f.getKey();
      String k = key.toLowerCase(Locale.ROOT);
      JsonNode v = f.getValue();
      if ((k.startsWith("rto") || k.startsWith("rpo")) && v.isNumber() && k.endsWith("millis")) {
        String label = k.startsWith("rto") ? "RTO" : "RPO";
        String rest = key.substring(3, key.length() - "millis".length());
        lines.add(
            label
                + (rest.isEmpty() ? "" : " (" + rest + ")")
                + " "
                + StepPrinter.duration(v.asLong()));
      } else if ((k.startsWith("rto") || k.startsWith("rpo")) && v.isValueNode() && !v.isNull()) {
        lines.add(key + ": " + v.asText());
      } else if (v.isObject() && v.has("zeroLossProven")) {
        if ("switchover".equals(key)) {
          writePause(result).ifPresent(lines::add);
        }
        // the summary of a proven zero loss starts "none: ", which "RPO 0, proven" already says
        String why = v.path("summary").asText("").replaceFirst("^none: ", "");
        lines.add(
            (v.path("zeroLossProven").asBoolean() ? "RPO 0, proven" : "RPO not proven zero")
                + ("dataLoss".equals(key) ? "" : " (" + key + ")")
                + (why.isEmpty() ? "" : ": " + why));
      }
    }
    return lines;
  }

  /**
   * A planned switchover's RTO: from the start of the step that fenced the old primary to the end
   * of the one that promoted the new one, no database took writes. Empty when the run did not get
   * that far.
   */
  static Optional<String> writePause(JsonNode result) {
    JsonNode fence = null;
    JsonNode promote = null;
    for (JsonNode step : result.path("steps")) {
      String name = step.path("name").asText();
      if (name.startsWith("fence-") && fence == null) {
        fence = step;
      } else if (name.startsWith("promote-") && fence != null && step.hasNonNull("endedAtMillis")) {
        promote = step;
        break;
      }
    }
    if (promote == null) {
      return Optional.empty();
    }
    long millis = promote.path("endedAtMillis").asLong() - fence.path("startedAtMillis").asLong();
    return Optional.of(
        "RTO (switchover) "
            + StepPrinter.duration(millis)
            + ": no database took writes from "
            + fence.path("name").asText()
            + " to the end of "
            + promote.path("name").asText());
  }
}
