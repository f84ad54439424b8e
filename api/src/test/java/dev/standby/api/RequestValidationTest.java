package dev.standby.api;

import static dev.standby.api.ApiTestApp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Requests refused before anything reaches Temporal, and what a client sees when Temporal is down.
 * The app points at a port nobody listens on: a request that got past validation would answer 503,
 * not 400/422.
 */
class RequestValidationTest {
  @RegisterExtension static final ApiTestApp api = ApiTestApp.temporalDown();

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      missing service      | {"targetSite":"site-b","mode":"PLANNED"}                              | 422 | service is required
      missing mode         | {"service":"payments","targetSite":"site-b"}                          | 422 | mode is required (PLANNED or UNPLANNED)
      malformed service    | {"service":"Pay ments","targetSite":"site-b","mode":"PLANNED"}        | 422 | service must be 1 to 63 lowercase letters, digits or dashes, not starting with a dash
      malformed site       | {"service":"payments","targetSite":"-b","mode":"PLANNED"}             | 422 | targetSite must be 1 to 63 lowercase letters
      unknown mode         | {"service":"payments","targetSite":"site-b","mode":"SIDEWAYS"}        | 400 | mode must be one of PLANNED, UNPLANNED, not 'SIDEWAYS'
      misspelled field     | {"service":"payments","target":"site-b","mode":"PLANNED"}             | 400 | unknown field 'target'
      wrong type           | {"service":["payments"],"targetSite":"site-b","mode":"PLANNED"}       | 400 | service has the wrong type (expected String)
      not JSON             | {"service":                                                           | 400 | request body is not valid JSON
      not an object        | "payments"                                                            | 400 | request body must be a JSON object
      """)
  void aMalformedFailoverRequestIsRefusedNamingTheField(
      String name, String body, int status, String error) {
    Response response = api.post("/failovers", body);

    assertThat(response.getStatus()).isEqualTo(status);
    assertThat(response.getMediaType().toString()).isEqualTo("application/json");
    assertThat(json(response).path("error").asText()).startsWith(error);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      no token          |                                  | missing bearer token: send 'Authorization: Bearer <token>'
      unknown token     | Bearer not-a-token-of-this-api   | unknown bearer token
      another scheme    | Basic dXNlcjpwYXNz               | missing bearer token: send 'Authorization: Bearer <token>'
      """)
  void aRequestWithoutAKnownTokenIsUnauthorized(String name, String authorization, String error) {
    var request = api.request("/failovers/payments", null);
    if (authorization != null) {
      request = request.header("Authorization", authorization);
    }
    Response response = request.get();

    assertThat(response.getStatus()).isEqualTo(401);
    assertThat(response.getHeaderString("WWW-Authenticate")).isEqualTo("Bearer realm=\"standby\"");
    assertThat(json(response).path("error").asText()).isEqualTo(error);
  }

  @Test
  void aViewerMayNotStartAFailover() {
    Response response =
        api.post(
            "/failovers",
            "{\"service\":\"payments\",\"targetSite\":\"site-b\",\"mode\":\"PLANNED\"}",
            ApiTestApp.VIEWER);

    assertThat(response.getStatus()).isEqualTo(403);
    assertThat(json(response).path("error").asText())
        .isEqualTo(
            "'test-viewer' (roles: viewer) may not POST failovers: it needs the operator role");
  }

  @Test
  void anEmptyBodyIsRefused() {
    Response response = api.post("/failovers", "");

    assertThat(response.getStatus()).isEqualTo(422);
    assertThat(json(response).path("error").asText())
        .isEqualTo("The request body must not be null");
  }

  @Test
  void aMalformedNameInThePathIsRefused() {
    Response response = api.get("/failovers/PAYMENTS");

    assertThat(response.getStatus()).isEqualTo(400);
    assertThat(json(response).path("error").asText())
        .isEqualTo(
            "path param service must be 1 to 63 lowercase letters, digits or dashes, not starting with a dash");
  }

  @Test
  void aMalformedMonitorRequestIsRefused() {
    Response response = api.post("/monitors", "{\"service\":\"payments/../x\"}");

    assertThat(response.getStatus()).isEqualTo(422);
    assertThat(json(response).path("error").asText()).startsWith("service must be 1 to 63");
  }

  @Test
  void anUnknownPathIsAJsonError() {
    Response response = api.get("/failover");

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(json(response).path("error").asText()).isEqualTo("HTTP 404 Not Found");
  }

  @Test
  void aValidRequestWhileTemporalIsDownIsUnavailableWithoutAStackTrace() {
    Response response =
        api.post(
            "/failovers",
            "{\"service\":\"payments\",\"targetSite\":\"site-b\",\"mode\":\"PLANNED\"}");

    assertThat(response.getStatus()).isEqualTo(503);
    JsonNode body = json(response);
    assertThat(body.path("error").asText()).startsWith("Temporal is unavailable: UNAVAILABLE");
    assertThat(body.toString()).doesNotContain("\tat ", "Exception");
  }

  @Test
  void theHealthCheckSaysTemporalIsUnreachable() {
    Response response = api.admin("/healthcheck");

    assertThat(response.getStatus()).isEqualTo(500);
    JsonNode temporal = json(response).path("temporal");
    assertThat(temporal.path("healthy").asBoolean()).isFalse();
    assertThat(temporal.path("message").asText())
        .startsWith("Temporal at 127.0.0.1:1: UNAVAILABLE");
  }
}
