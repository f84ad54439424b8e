package dev.standby.adapters.gcp;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import dev.standby.model.Failures;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;

/**
 * Google API errors as activity failures: retryable (5xx, quota, a lost connection pass; the run's
 * limit bounds them).
 */
final class GcpFailures {
  private GcpFailures() {}

  static ApplicationFailure of(String what, IOException e) {
    if (e instanceof GoogleJsonResponseException response) {
      return Failures.retryable(
          Failures.PROVIDER_ERROR,
          what
              + ": HTTP "
              + response.getStatusCode()
              + " "
              + (response.getDetails() == null
                  ? response.getStatusMessage()
                  : response.getDetails().getMessage()),
          e);
    }
    return Failures.retryable(Failures.UNREACHABLE, what + ": " + e, e);
  }
}
