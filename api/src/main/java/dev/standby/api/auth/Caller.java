package dev.standby.api.auth;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who asked, as authenticated by their bearer token (or mapped from their Slack user): their name
 * goes into each workflow's input and each approval signal, so the history says who did what.
 */
public record Caller(String name, Set<Role> roles) implements Principal {

  public Caller {
    roles = Set.copyOf(roles);
  }

  @Override
  public String getName() {
    return name;
  }

  public boolean may(Role role) {
    return roles.stream().anyMatch(held -> held.implies(role));
  }

  public String describeRoles() {
    return roles.stream().map(Role::label).sorted().collect(Collectors.joining(", "));
  }

  /**
   * The authenticated caller's name; every resource method behind {@link AccessControl} has one.
   */
  public static String name(SecurityContext security) {
    Principal principal = security == null ? null : security.getUserPrincipal();
    if (principal == null) {
      throw new IllegalStateException(
          "no authenticated caller: is the resource method behind AccessControl?");
    }
    return principal.getName();
  }
}
