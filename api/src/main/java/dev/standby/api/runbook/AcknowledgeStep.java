package dev.standby.api.runbook;

import dev.standby.api.validation.Name;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /runbook-runs/{service}/acknowledge}; may be empty.
 *
 * @param step optional: the manual step acknowledged, checked against those waiting (required when
 *     several wait)
 */
public record AcknowledgeStep(@Name String step, @Size(max = 1000) String comment) {
  static final AcknowledgeStep NONE = new AcknowledgeStep(null, null);
}
