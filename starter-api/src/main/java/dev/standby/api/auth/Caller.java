package dev.standby.api.auth;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/** Who asked: recorded in each workflow's input so the history says who started a failover. */
public final class Caller {
  /** Until authentication lands, every caller of the API is the API itself. */
  static final String UNAUTHENTICATED = "api";

  private Caller() {}

  public static String name(SecurityContext security) {
    Principal principal = security == null ? null : security.getUserPrincipal();
    return principal == null ? UNAUTHENTICATED : principal.getName();
  }
}
