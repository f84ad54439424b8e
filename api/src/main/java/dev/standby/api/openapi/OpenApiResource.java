package dev.standby.api.openapi;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Serves the hand-written OpenAPI description; a test keeps it in step with the resources. */
@Path("/openapi.yaml")
public class OpenApiResource {
  static final String RESOURCE = "/dev/standby/api/openapi/openapi.yaml";
  private final byte[] description;

  public OpenApiResource() {
    try (InputStream in = OpenApiResource.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the jar");
      }
      description = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @GET
  @PermitAll
  @Produces("application/yaml")
  public byte[] get() {
    return description;
  }
}
