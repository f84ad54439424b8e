package dev.standby.api.runbook;

import jakarta.validation.constraints.Size;

/** The body of {@code POST /runbooks/{name}/runs}; may be empty. */
public record StartRunbook(@Size(max = 1000) String reason) {
  static final StartRunbook NONE = new StartRunbook(null);
}
