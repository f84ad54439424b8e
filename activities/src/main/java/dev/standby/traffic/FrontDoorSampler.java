package dev.standby.traffic;

import dev.standby.activities.CurrentActivity;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.traffic.TrafficSample;
import dev.standby.topology.ServiceTopology;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sends {@code n} real requests through a service's front door ({@code verify.path}), each on a
 * fresh connection as a new client would arrive, and reports which site answered each (the {@code
 * verify.siteHeader} response header), which failed and how long each site took. Unlike {@link
 * ServingVerifier} it expects no particular site: it measures a split, for a failback's gates.
 */
public class FrontDoorSampler {
  /**
   * A request that takes longer than this is an error: no gate's latency budget is anywhere near
   * it.
   */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  static final int MAX_REQUESTS = 10_000;

  public TrafficSample sample(ServiceTopology service, int requests) {
    if (requests < 1 || requests > MAX_REQUESTS) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          "a front-door sample needs 1 to " + MAX_REQUESTS + " requests, asked for " + requests);
    }
    ServiceTopology.Verify verify = service.verify();
    String frontDoor = service.traffic().frontDoor().replaceAll("/+$", "");
    URI uri = URI.create(frontDoor + (verify.path().startsWith("/") ? "" : "/") + verify.path());
    String header = verify.siteHeader().toLowerCase(Locale.ROOT);
    Map<String, Integer> served = new TreeMap<>();
    Map<String, Integer> errors = new TreeMap<>();
    Map<String, List<Long>> latencies = new HashMap<>();
    for (int i = 0; i < requests; i++) {
      long started = System.nanoTime();
      String site = TrafficSample.NO_SITE;
      boolean ok = false;
      try {
        OneShotHttpGet.Answer answer = OneShotHttpGet.get(uri, REQUEST_TIMEOUT);
        site = answer.headers().getOrDefault(header, ServingTally.NO_SITE_HEADER);
        ok = answer.success();
      } catch (IOException | RuntimeException e) {
        // nobody answered: counted as an error of no site
      }
      long millis = (System.nanoTime() - started) / 1_000_000;
      (ok ? served : errors).merge(site, 1, Integer::sum);
      latencies.computeIfAbsent(site, s -> new ArrayList<>()).add(millis);
      if (i % 10 == 9) {
        CurrentActivity.heartbeat(i + 1 + "/" + requests + " sampled");
      }
    }
    Map<String, Long> p95 = new TreeMap<>();
    latencies.forEach((site, list) -> p95.put(site, percentile95(list)));
    return new TrafficSample(requests, served, errors, p95, System.currentTimeMillis());
  }

  static long percentile95(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    int index = (int) Math.ceil(0.95 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index));
  }
}
