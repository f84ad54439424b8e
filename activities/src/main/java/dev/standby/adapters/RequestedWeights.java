package dev.standby.adapters;

import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.topology.ServiceTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rules for a weight change, checked before a router is touched so a bad request changes
 * nothing. Every site of the service that takes traffic must be given a weight: a site left out
 * would otherwise keep whatever it had, and the caller could not tell from its own request where
 * traffic goes. Backup-only sites carry no traffic: they take no weight.
 */
public final class RequestedWeights {
  private RequestedWeights() {}

  /**
   * @throws io.temporal.failure.ApplicationFailure non-retryable INVALID_INPUT listing every
   *     problem
   */
  public static void check(ServiceTopology service, Map<String, Integer> weights) {
    List<String> problems = new ArrayList<>();
    if (weights == null || weights.isEmpty()) {
      problems.add("no weights given");
    } else {
      int sum = 0;
      for (var e : weights.entrySet()) {
        if (!service.sites().containsKey(e.getKey())) {
          problems.add("'" + e.getKey() + "' is not a site of " + service.name());
        } else if (service.site(e.getKey()).backupOnly()) {
          problems.add(e.getKey() + " is backup-only: it carries no traffic");
        } else if (e.getValue() == null || e.getValue() < 0 || e.getValue() > 100) {
          problems.add(e.getKey() + ": weight " + e.getValue() + " is not between 0 and 100");
        } else {
          sum += e.getValue();
        }
      }
      List<String> missing =
          service.servingSites().keySet().stream().filter(s -> !weights.containsKey(s)).toList();
      if (!missing.isEmpty()) {
        problems.add("every site needs a weight, missing: " + String.join(", ", missing));
      }
      if (problems.isEmpty() && sum != 100) {
        problems.add("weights must add up to 100, they add up to " + sum);
      }
    }
    if (!problems.isEmpty()) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          "weights "
              + weights
              + " for "
              + service.name()
              + " (sites that take traffic: "
              + String.join(", ", service.servingSites().keySet())
              + ") rejected, nothing changed: "
              + String.join("; ", problems));
    }
  }
}
