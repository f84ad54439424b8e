package dev.standby.api.codec;

import jakarta.annotation.Priority;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * CORS for {@code /codec/*}, so the Temporal UI (another origin) may call it from the browser: the
 * preflight is answered before authentication (browsers send it without the token), and every
 * answer to an allowed origin, a 401 too, says so, so the UI can tell "refused" from "unreachable".
 * Other origins get no CORS headers: their browsers keep the answer from them.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class CodecCors implements ContainerRequestFilter, ContainerResponseFilter {
  static final String ALLOWED_HEADERS = "Authorization, Content-Type, X-Namespace";

  private final List<String> origins;

  public CodecCors(List<String> origins) {
    this.origins = List.copyOf(origins);
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (request.getMethod().equals(HttpMethod.OPTIONS) && isCodec(request)) {
      Response.ResponseBuilder answer = Response.noContent();
      String origin = request.getHeaderString("Origin");
      if (allowed(origin)) {
        answer
            .header("Access-Control-Allow-Methods", "POST, OPTIONS")
            .header("Access-Control-Allow-Headers", ALLOWED_HEADERS)
            .header("Access-Control-Max-Age", "600");
      }
      request.abortWith(answer.build());
    }
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    String origin = request.getHeaderString("Origin");
    if (isCodec(request) && allowed(origin)) {
      MultivaluedMap<String, Object> headers = response.getHeaders();
      headers.putSingle("Access-Control-Allow-Origin", origin);
      headers.putSingle("Access-Control-Allow-Credentials", "true");
      headers.add("Vary", "Origin");
    }
  }

  private boolean allowed(String origin) {
    return origin != null && origins.contains(origin);
  }

  private static boolean isCodec(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    return path.equals("codec") || path.startsWith("codec/") || path.startsWith("/codec");
  }
}
