package dev.standby.api.slack;

import dev.standby.api.auth.Caller;
import dev.standby.api.auth.Role;
import java.util.Map;

/** Who a Slack user is to Standby, or why they may not do what they clicked or typed. */
final class SlackCallers {
  private final Map<String, Caller> byUserId;

  SlackCallers(Map<String, Caller> byUserId) {
    this.byUserId = Map.copyOf(byUserId);
  }

  /**
   * @return the caller, or null when the user is unknown or lacks the role
   */
  Caller allowed(String userId, Role role) {
    Caller caller = byUserId.get(userId);
    return caller != null && caller.may(role) ? caller : null;
  }

  String refusal(String userId, Role role, String what) {
    Caller caller = byUserId.get(userId);
    if (caller == null) {
      return ":no_entry: You are not a Standby user, so you may not "
          + what
          + ". Ask the Standby admins to map your Slack user "
          + userId
          + " in the API's config.";
    }
    return ":no_entry: "
        + caller.name()
        + ", you may not "
        + what
        + ": that needs the "
        + role.label()
        + " role (you have "
        + caller.describeRoles()
        + ").";
  }
}
