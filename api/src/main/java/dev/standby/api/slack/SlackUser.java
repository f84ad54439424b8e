package dev.standby.api.slack;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.standby.api.auth.Role;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.util.Set;

/**
 * A Slack user the API acts for: their Slack user id, the name the workflow history records, their
 * roles.
 */
public class SlackUser {
  @NotEmpty
  @Pattern(regexp = "[UW][A-Z0-9-]+", message = "must be a Slack user id, e.g. U024BE7LH")
  @JsonProperty
  private String userId;

  @NotEmpty @JsonProperty private String name;

  @NotEmpty @JsonProperty private Set<Role> roles = Set.of();

  public String getUserId() {
    return userId;
  }

  public String getName() {
    return name;
  }

  public Set<Role> getRoles() {
    return roles;
  }
}
