package dev.standby.adapters.aws;

import dev.standby.model.Failures;
import io.temporal.failure.ApplicationFailure;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * AWS errors as activity failures: retryable, since throttling, 5xx and a lost connection pass; the
 * run's limit bounds them.
 */
final class AwsFailures {
  private AwsFailures() {}

  static ApplicationFailure of(String what, SdkException e) {
    if (e instanceof AwsServiceException service) {
      return Failures.retryable(
          Failures.PROVIDER_ERROR,
          what
              + ": "
              + service.awsErrorDetails().errorCode()
              + " "
              + service.awsErrorDetails().errorMessage()
              + " (HTTP "
              + service.statusCode()
              + ")",
          e);
    }
    return Failures.retryable(Failures.UNREACHABLE, what + ": " + e.getMessage(), e);
  }
}
