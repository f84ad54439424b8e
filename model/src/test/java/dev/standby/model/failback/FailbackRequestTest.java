package dev.standby.model.failback;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FailbackRequestTest {
  @Test
  void aRequestNamingItsServiceCanStart() {
    assertThat(
            FailbackRequest.problem(
                new FailbackRequest(
                    "payments", null, List.of(10, 100), null, null, null, null, null, null)))
        .isNull();
  }

  @Test
  void theServiceIsRequired() {
    assertThat(FailbackRequest.problem(null)).isEqualTo("failback request: 'service' is required");
    assertThat(
            FailbackRequest.problem(
                new FailbackRequest("", null, null, null, null, null, null, null, null)))
        .isEqualTo("failback request: 'service' is required");
  }
}
