package dev.standby.adapters.haproxy;

import dev.standby.adapters.RequestedWeights;
import dev.standby.adapters.TrafficRouter;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.topology.ServiceTopology;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Weights as HAProxy server weights in the service's backend ({@code traffic.group}), one server
 * per site ({@code trafficTarget}), changed live through the runtime API. A weight of 0 to 100 is
 * used as HAProxy's absolute weight (0 to 256), so shares are exactly the given percentages.
 */
public class HaproxyTrafficRouter implements TrafficRouter {
  private static final Logger log = LoggerFactory.getLogger(HaproxyTrafficRouter.class);

  @Override
  public Map<String, Integer> weights(ServiceTopology service) {
    Map<String, Integer> byServer = serverWeights(service);
    Map<String, Integer> bySite = new LinkedHashMap<>();
    service
        .servingSites()
        .forEach(
            (site, endpoints) -> {
              Integer weight = byServer.get(endpoints.trafficTarget());
              if (weight == null) {
                throw Failures.nonRetryable(
                    FailureType.INVALID_INPUT,
                    "HAProxy backend "
                        + service.traffic().group()
                        + " has no server '"
                        + endpoints.trafficTarget()
                        + "' for site "
                        + site
                        + " (servers: "
                        + byServer.keySet()
                        + ")");
              }
              bySite.put(site, weight);
            });
    return bySite;
  }

  @Override
  public Map<String, Integer> setWeights(ServiceTopology service, Map<String, Integer> wanted) {
    RequestedWeights.check(service, wanted);
    Map<String, Integer> current = weights(service);
    HaproxyRuntimeApi api = api(service);
    // Raise before lowering, so there is never a moment when every server has weight 0 and HAProxy
    // answers 503.
    List<String> changes =
        new ArrayList<>(
            wanted.keySet().stream().filter(s -> !wanted.get(s).equals(current.get(s))).toList());
    changes.sort(Comparator.comparing((String s) -> wanted.get(s) < current.get(s)));
    for (String site : changes) {
      String server = service.traffic().group() + "/" + service.site(site).trafficTarget();
      String answer = api.command("set weight " + server + " " + wanted.get(site));
      if (!answer.isEmpty()) {
        throw Failures.retryable(
            Failures.PROVIDER_ERROR,
            "HAProxy refused 'set weight " + server + " " + wanted.get(site) + "': " + answer,
            null);
      }
      log.info("{}: {} weight {} -> {}", service.name(), site, current.get(site), wanted.get(site));
    }
    return weights(service);
  }

  /**
   * Parses {@code show servers state <backend>}: a version line, a {@code #} header naming the
   * columns, one row per server.
   */
  private Map<String, Integer> serverWeights(ServiceTopology service) {
    String backend = service.traffic().group();
    String answer = api(service).command("show servers state " + backend);
    List<String> lines = answer.lines().filter(l -> !l.isBlank()).toList();
    String header = lines.stream().filter(l -> l.startsWith("#")).findFirst().orElse(null);
    if (header == null) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT, "HAProxy has no backend '" + backend + "': " + answer);
    }
    List<String> columns = Arrays.asList(header.substring(1).trim().split("\\s+"));
    int name = columns.indexOf("srv_name");
    int weight = columns.indexOf("srv_uweight");
    if (name < 0 || weight < 0) {
      throw Failures.retryable(
          Failures.PROVIDER_ERROR,
          "unexpected 'show servers state' header from HAProxy: " + header,
          null);
    }
    Map<String, Integer> weights = new HashMap<>();
    for (String line : lines) {
      if (line.startsWith("#") || !line.contains(" ")) {
        continue; // the header and the format version
      }
      String[] fields = line.trim().split("\\s+");
      weights.put(fields[name], Integer.parseInt(fields[weight]));
    }
    return weights;
  }

  private static HaproxyRuntimeApi api(ServiceTopology service) {
    return new HaproxyRuntimeApi(service.traffic().admin());
  }
}
