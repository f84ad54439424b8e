package dev.standby.api.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a caller may do. Operators and approvers may also look: nobody should approve a step or
 * abort a run they cannot see.
 */
public enum Role {
  /** Reads runs: status, progress, results. */
  VIEWER,
  /** Starts, pauses, resumes and aborts runs. */
  OPERATOR,
  /** Approves or rejects steps that wait for a person. */
  APPROVER;

  /** Constants for {@code @RolesAllowed}, which takes strings. */
  public static final String VIEWER_NAME = "viewer";

  public static final String OPERATOR_NAME = "operator";
  public static final String APPROVER_NAME = "approver";

  public boolean implies(Role other) {
    return this == other || other == VIEWER;
  }

  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Role of(String label) {
    for (Role role : values()) {
      if (role.label().equals(label)) {
        return role;
      }
    }
    throw new IllegalArgumentException(
        "unknown role '" + label + "' (roles: viewer, operator, approver)");
  }
}
