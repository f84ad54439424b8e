package dev.standby.adapters.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads a health endpoint's JSON body: {@code
 * {"status":"ok","database":"healthy","cache":"healthy","site":"site-a"}}.
 *
 * <p>The rule: {@code status} is the overall status. Every other top-level field is a component
 * when its value is a string ({@code database -> healthy}) or an object with a string {@code
 * status} ({@code "database": {"status": "healthy"}} becomes {@code database -> healthy}), except
 * the fields that say who answered rather than how it is ({@link #IDENTITY_FIELDS}: {@code site},
 * {@code version}, ...). Numbers, booleans and arrays are details, not components. Anything else
 * that is a string counts: a new field nobody told us about makes the site look unhealthy rather
 * than being ignored, so a health endpoint that changes shape shows up in a probe instead of
 * silently weakening it.
 */
final class HealthBody {
  static final Set<String> IDENTITY_FIELDS =
      Set.of(
          "site",
          "service",
          "version",
          "build",
          "commit",
          "host",
          "hostname",
          "region",
          "instance",
          "time",
          "timestamp");
  private static final ObjectMapper JSON = new ObjectMapper();

  final String status;
  final Map<String, String> components;

  private HealthBody(String status, Map<String, String> components) {
    this.status = status;
    this.components = components;
  }

  /**
   * A body that is not a JSON object has no status and no components (the HTTP status still
   * counts).
   */
  static HealthBody parse(String body) {
    JsonNode root;
    try {
      root = body == null || body.isBlank() ? null : JSON.readTree(body);
    } catch (Exception notJson) {
      root = null;
    }
    if (root == null || !root.isObject()) {
      return new HealthBody(null, Map.of());
    }
    String status = root.path("status").isTextual() ? root.get("status").asText() : null;
    Map<String, String> components = new LinkedHashMap<>();
    root.fields()
        .forEachRemaining(
            field -> {
              String name = field.getKey();
              JsonNode value = field.getValue();
              if (name.equals("status") || IDENTITY_FIELDS.contains(name)) {
                return;
              }
              if (value.isTextual()) {
                components.put(name, value.asText());
              } else if (value.isObject() && value.path("status").isTextual()) {
                components.put(name, value.get("status").asText());
              }
            });
    return new HealthBody(status, Collections.unmodifiableMap(components));
  }
}
