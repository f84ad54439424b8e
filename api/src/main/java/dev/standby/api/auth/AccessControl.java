package dev.standby.api.auth;

import dev.standby.api.errors.ApiError;
import jakarta.annotation.Priority;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Bearer tokens on every resource method: 401 without a known token, 403 when the caller's roles do
 * not include one the method's {@code @RolesAllowed} names. Methods marked {@code @PermitAll} are
 * open. It runs after matching, so an unknown path is still a 404 for everyone.
 */
public final class AccessControl implements DynamicFeature {
  private static final String PREFIX = "Bearer ";
  private static final String API_PACKAGE = "dev.standby.api.";

  private final TokenDirectory tokens;

  public AccessControl(TokenDirectory tokens) {
    this.tokens = tokens;
  }

  @Override
  public void configure(ResourceInfo resource, FeatureContext context) {
    Method method = resource.getResourceMethod();
    // Jersey's own methods (OPTIONS answers, WADL) are not this API's endpoints.
    if (!resource.getResourceClass().getName().startsWith(API_PACKAGE)
        || method.isAnnotationPresent(PermitAll.class)) {
      return;
    }
    RolesAllowed allowed =
        Optional.ofNullable(method.getAnnotation(RolesAllowed.class))
            .orElse(resource.getResourceClass().getAnnotation(RolesAllowed.class));
    if (allowed == null) {
      throw new IllegalStateException(
          resource.getResourceClass().getSimpleName()
              + "."
              + method.getName()
              + " says neither @RolesAllowed nor @PermitAll: every endpoint states who may call it");
    }
    List<Role> roles = Arrays.stream(allowed.value()).map(Role::of).toList();
    context.register(new Check(roles));
  }

  @Priority(Priorities.AUTHENTICATION)
  private final class Check implements ContainerRequestFilter {
    private final List<Role> roles;

    Check(List<Role> roles) {
      this.roles = roles;
    }

    @Override
    public void filter(ContainerRequestContext request) {
      String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
      if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
        request.abortWith(
            unauthorized("missing bearer token: send 'Authorization: Bearer <token>'"));
        return;
      }
      Optional<Caller> caller = tokens.caller(header.substring(PREFIX.length()).strip());
      if (caller.isEmpty()) {
        request.abortWith(unauthorized("unknown bearer token"));
        return;
      }
      Caller who = caller.get();
      if (roles.stream().noneMatch(who::may)) {
        request.abortWith(
            ApiError.response(
                Response.Status.FORBIDDEN,
                "'"
                    + who.name()
                    + "' (roles: "
                    + who.describeRoles()
                    + ") may not "
                    + request.getMethod()
                    + " "
                    + request.getUriInfo().getPath()
                    + ": it needs the "
                    + String.join(" or ", roles.stream().map(Role::label).toList())
                    + " role"));
        return;
      }
      request.setSecurityContext(new CallerContext(who, request.getSecurityContext().isSecure()));
    }
  }

  private static Response unauthorized(String message) {
    Response response = ApiError.response(Response.Status.UNAUTHORIZED, message);
    return Response.fromResponse(response)
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"standby\"")
        .build();
  }

  private record CallerContext(Caller caller, boolean secure) implements SecurityContext {
    @Override
    public Principal getUserPrincipal() {
      return caller;
    }

    @Override
    public boolean isUserInRole(String role) {
      return caller.may(Role.of(role));
    }

    @Override
    public boolean isSecure() {
      return secure;
    }

    @Override
    public String getAuthenticationScheme() {
      return "Bearer";
    }
  }
}
