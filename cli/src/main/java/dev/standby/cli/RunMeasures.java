package dev.standby.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
}
