package dev.standby.adapters.traffic;

import dev.standby.adapters.CurrentActivity;
import dev.standby.adapters.Failures;
import dev.standby.model.FailureType;
import dev.standby.model.ServingReport;
import dev.standby.topology.ServiceTopology;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Proves where real requests land: GETs through the service's front door, each on a fresh connection,
 * until {@code n} in a row are answered 2xx by the expected site (the site named in the response header
 * {@code verify.siteHeader}). Any other answer, a non-2xx status or a failed request breaks the run.
 * Independent of the router, so it checks whatever provider sits in front.
 */
public class ServingVerifier {
  /** No answer is worth waiting longer for than this; the front door is local to the router. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  /** A pause after an answer that broke the run, so a target that is still starting is not flooded. */
  static final long BACKOFF_MILLIS = 25;
  /** Label for 2xx answers without the site header. */
  public static final String UNKNOWN_SITE = "(no site header)";

  public ServingReport verify(ServiceTopology service, String expectedSite, int requests) {
    if (requests < 1) {
      throw Failures.nonRetryable(FailureType.INVALID_INPUT, "verification needs at least 1 request, asked for " + requests);
    }
    ServiceTopology.Verify verify = service.verify();
    URI uri = URI.create(stripSlash(service.traffic().frontDoor()) + (verify.path().startsWith("/") ? "" : "/") + verify.path());
    Duration budget = min(verify.timeout(), CurrentActivity.timeLeft(verify.timeout()));
    long started = System.currentTimeMillis();
    long deadline = started + budget.toMillis();

    Deque<String> window = new ArrayDeque<>(requests); // site per answer, null for an error
    Map<String, Integer> totals = new TreeMap<>();
    int sent = 0;
    int streak = 0;
    Long firstServedByExpected = null;
    String lastError = null;
    while (streak < requests) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        ServingReport seen = report(expectedSite, window, firstServedByExpected);
        throw Failures.nonRetryable(FailureType.VERIFICATION_FAILED, "no " + requests + " requests in a row answered by "
            + expectedSite + " through " + uri + " within " + budget.toMillis() + " ms: " + sent + " sent, answered by "
            + totals + "; the last " + seen.requests() + ": " + seen.servedBySite() + " and " + seen.errors() + " errors"
            + (lastError == null ? "" : "; last error: " + lastError), seen);
      }
      String site;
      try {
        OneShotHttpGet.Answer answer = OneShotHttpGet.get(uri, min(REQUEST_TIMEOUT, Duration.ofMillis(left)));
        String header = answer.headers().get(verify.siteHeader().toLowerCase(Locale.ROOT));
        if (answer.success()) {
          site = header == null ? UNKNOWN_SITE : header;
          if (site.equals(expectedSite) && firstServedByExpected == null) {
            firstServedByExpected = answer.completedAtMillis();
          }
        } else {
          site = null;
          lastError = "HTTP " + answer.status() + (header == null ? "" : " from " + header);
        }
      } catch (IOException | RuntimeException e) {
        if (System.currentTimeMillis() >= deadline) {
          continue; // cut short by the deadline, not a failure of the target: the loop reports what was seen
        }
        site = null;
        lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
      sent++;
      totals.merge(site == null ? "errors" : site, 1, Integer::sum);
      if (window.size() == requests) {
        window.removeFirst();
      }
      window.addLast(site == null ? "" : site);
      boolean good = expectedSite.equals(site);
      streak = good ? streak + 1 : 0;
      CurrentActivity.heartbeat(streak + "/" + requests + " in a row from " + expectedSite + " after " + sent + " requests");
      if (!good && streak < requests) {
        sleep(BACKOFF_MILLIS);
      }
    }
    return report(expectedSite, window, firstServedByExpected);
  }

  /** Counts over the window: answers by site (2xx only) and errors (everything else). */
  private static ServingReport report(String expectedSite, Deque<String> window, Long firstServedByExpected) {
    Map<String, Integer> bySite = new LinkedHashMap<>();
    int errors = 0;
    for (String site : window) {
      if (site.isEmpty()) {
        errors++;
      } else {
        bySite.merge(site, 1, Integer::sum);
      }
    }
    return new ServingReport(expectedSite, window.size(), bySite, errors, firstServedByExpected);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
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
