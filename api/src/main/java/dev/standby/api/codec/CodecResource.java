package dev.standby.api.codec;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.standby.api.auth.Role;
import dev.standby.api.errors.ApiError;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The codec server the Temporal UI and CLI call to show payloads decoded: {@code POST
 * /codec/decode} and {@code /codec/encode} take and give {@code {"payloads": [{"metadata":
 * {"encoding": "<base64>"}, "data": "<base64>"}]}}, Temporal's JSON of {@code Payloads}. Anyone
 * with a token may call it: only people who may see runs hold one.
 */
@Path("/codec")
@Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
@Produces(MediaType.APPLICATION_JSON)
public final class CodecResource {
  private final List<PayloadCodec> codecs;

  public CodecResource(List<PayloadCodec> codecs) {
    this.codecs = List.copyOf(codecs);
  }

  @POST
  @Path("/decode")
  @RolesAllowed({Role.VIEWER_NAME, Role.OPERATOR_NAME, Role.APPROVER_NAME})
  public Response decode(String body) {
    // Decoding undoes the codecs in reverse order of encoding.
    return apply(
        body,
        payloads -> {
          List<Payload> out = payloads;
          for (int i = codecs.size() - 1; i >= 0; i--) {
            out = codecs.get(i).decode(out);
          }
          return out;
        });
  }

  @POST
  @Path("/encode")
  @RolesAllowed({Role.VIEWER_NAME, Role.OPERATOR_NAME, Role.APPROVER_NAME})
  public Response encode(String body) {
    return apply(
        body,
        payloads -> {
          List<Payload> out = payloads;
          for (PayloadCodec codec : codecs) {
            out = codec.encode(out);
          }
          return out;
        });
  }

  private static Response apply(String body, UnaryOperator<List<Payload>> codec) {
    Payloads.Builder in = Payloads.newBuilder();
    try {
      JsonFormat.parser().merge(body == null ? "" : body, in);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      return ApiError.response(
          400,
          "body: expected {\"payloads\": [{\"metadata\": {...}, \"data\": \"<base64>\"}]}: "
              + e.getMessage());
    }
    List<Payload> out;
    try {
      out = codec.apply(in.getPayloadsList());
    } catch (PayloadCodecException e) {
      return ApiError.response(422, "payloads: " + e.getMessage());
    }
    try {
      return Response.ok(
              JsonFormat.printer()
                  .omittingInsignificantWhitespace()
                  .print(Payloads.newBuilder().addAllPayloads(out).build()))
          .build();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }
}
