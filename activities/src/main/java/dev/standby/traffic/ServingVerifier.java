package dev.standby.traffic;

import dev.standby.activities.CurrentActivity;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.traffic.ServingReport;
import dev.standby.topology.ServiceTopology;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * Proves where real requests land: GETs through the service's front door, each on a fresh
 * connection, until {@code n} in a row are answered 2xx by the expected site (the site named in the
 * response header {@code verify.siteHeader}). Any other answer, a non-2xx status or a failed
 * request breaks the run. Independent of the router, so it checks whatever provider sits in front.
 */
public class ServingVerifier {
  /** No answer is worth waiting longer for than this; the front door is local to the router. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  /**
   * A pause after an answer that broke the run, so a target that is still starting is not flooded.
   */
  static final long BACKOFF_MILLIS = 25;

  /**
   * @return counts over the last {@code requests} answers (all by {@code expectedSite} on success)
   * @throws io.temporal.failure.ApplicationFailure non-retryable VERIFICATION_FAILED after {@code
   *     verify.timeout} (or the activity's remaining time, if shorter), with the last window's
   *     {@link ServingReport} as details
   */
  public ServingReport verify(ServiceTopology service, String expectedSite, int requests) {
    if (requests < 1) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          "verification needs at least 1 request, asked for " + requests);
    }
    ServiceTopology.Verify verify = service.verify();
    String frontDoor = service.traffic().frontDoor().replaceAll("/+$", "");
    URI uri = URI.create(frontDoor + (verify.path().startsWith("/") ? "" : "/") + verify.path());
    Duration budget = min(verify.timeout(), CurrentActivity.timeLeft(verify.timeout()));
    long deadline = System.currentTimeMillis() + budget.toMillis();
    ServingTally tally = new ServingTally(expectedSite, requests);
    while (!tally.proven()) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        throw Failures.nonRetryable(
            FailureType.VERIFICATION_FAILED,
            "no "
                + requests
                + " requests in a row answered by "
                + expectedSite
                + " through "
                + uri
                + " within "
                + budget.toMillis()
                + " ms: "
                + tally.describe(),
            tally.report());
      }
      try {
        OneShotHttpGet.Answer answer =
            OneShotHttpGet.get(uri, min(REQUEST_TIMEOUT, Duration.ofMillis(left)));
        String site = answer.headers().get(verify.siteHeader().toLowerCase(Locale.ROOT));
        if (answer.success()) {
          tally.servedBy(
              site == null ? ServingTally.NO_SITE_HEADER : site, answer.completedAtMillis());
        } else {
          tally.error("HTTP " + answer.status() + (site == null ? "" : " from " + site));
        }
      } catch (IOException | RuntimeException e) {
        if (System.currentTimeMillis() >= deadline) {
          continue; // cut short by the deadline, not a failure of the target
        }
        tally.error(e.getClass().getSimpleName() + ": " + e.getMessage());
      }
      CurrentActivity.heartbeat(tally.progress());
      if (tally.streak() == 0) {
        sleep(BACKOFF_MILLIS);
      }
    }
    return tally.report();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Failures.retryable(Failures.TIMED_OUT, "interrupted while verifying", e);
    }
  }
}
