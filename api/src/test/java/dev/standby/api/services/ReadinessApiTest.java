package dev.standby.api.services;

import static dev.standby.api.ApiTestApp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.standby.api.ApiTestApp;
import dev.standby.model.readiness.Finding;
import dev.standby.model.readiness.Readiness;
import dev.standby.model.readiness.ReadinessStatus;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GET /services/{name}/readiness answers the service's last readiness evaluation. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadinessApiTest {
  @RegisterExtension static final ApiTestApp api = ApiTestApp.shared();

  @Test
  void aViewerSeesEveryFindingWithItsReasonAndTheProjectedRto() {
    api.services()
        .evaluated(
            new Readiness(
                "ready",
                1_700_000_000_000L,
                ReadinessStatus.FAILING,
                List.of(
                    new Finding(
                        "targets",
                        "site-b",
                        ReadinessStatus.FAILING,
                        "site-b replica lag 12000 ms behind site-a, past the RPO of 5000 ms"),
                    new Finding(
                        "people", "approvers", ReadinessStatus.OK, "2 approvers configured")),
                7_000L,
                30_000,
                4));

    Response response = api.request("/services/ready/readiness", ApiTestApp.VIEWER).get();

    assertThat(response.getStatus()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.path("status").asText()).isEqualTo("FAILING");
    assertThat(body.path("projectedRtoMillis").asLong()).isEqualTo(7_000);
    assertThat(body.path("findings").get(0).path("reason").asText())
        .isEqualTo("site-b replica lag 12000 ms behind site-a, past the RPO of 5000 ms");
  }

  @Test
  void aServiceWhoseReadinessDoesNotRunIsUnavailableAndSaysWhy() {
    Response response = api.request("/services/never-evaluated/readiness", ApiTestApp.VIEWER).get();

    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(json(response).path("error").asText())
        .contains("readiness/never-evaluated", "has never been started");
  }
}
