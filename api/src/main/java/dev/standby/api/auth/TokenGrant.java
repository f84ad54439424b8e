package dev.standby.api.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.util.Set;

/**
 * One API token in config: who holds it, which roles it carries, and the environment variable that
 * holds its value. The value itself never goes in the file, so the file can be committed and
 * shared.
 */
public class TokenGrant {
  @NotEmpty @JsonProperty private String name;

  @NotEmpty
  @Pattern(
      regexp = "[A-Z_][A-Z0-9_]*",
      message = "must be an environment variable's name, e.g. STANDBY_OPERATOR_TOKEN")
  @JsonProperty
  private String tokenEnv;

  @NotEmpty @JsonProperty private Set<Role> roles = Set.of();

  public TokenGrant() {}

  public TokenGrant(String name, String tokenEnv, Set<Role> roles) {
    this.name = name;
    this.tokenEnv = tokenEnv;
    this.roles = roles;
  }

  public String getName() {
    return name;
  }

  public String getTokenEnv() {
    return tokenEnv;
  }

  public Set<Role> getRoles() {
    return roles;
  }
}
