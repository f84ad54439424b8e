package dev.standby.activities.impl;

import dev.standby.activities.CurrentActivity;
import dev.standby.activities.IsolatedAppActivities;
import dev.standby.adapters.health.HttpHealthProbe;
import dev.standby.adapters.local.LocalIsolatedApps;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.health.CheckResult;
import dev.standby.model.practice.CloneRecord;
import dev.standby.model.practice.IsolatedApp;
import dev.standby.model.practice.IsolatedServing;
import dev.standby.topology.ServiceTopology;
import dev.standby.topology.Topology;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The isolated app of a practice failover, started on this machine from {@code drill.practice}. */
public class IsolatedAppActivitiesImpl implements IsolatedAppActivities {
  private final Topology topology;
  private final LocalIsolatedApps apps;
  private final HttpHealthProbe probe;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  public IsolatedAppActivitiesImpl(
      Topology topology, LocalIsolatedApps apps, HttpHealthProbe probe) {
    this.topology = topology;
    this.apps = apps;
    this.probe = probe;
  }

  @Override
  public IsolatedApp start(String service, String key, CloneRecord clone) {
    ServiceTopology s = Lookup.service(topology, service);
    ServiceTopology.Practice p = practice(s);
    String probePath = s.health().liveness() != null ? s.health().liveness() : s.health().path();
    return apps.start(scratch(s, p), key, p.app(), clone, probePath);
  }

  @Override
  public List<String> stop(String service, String key) {
    ServiceTopology s = Lookup.service(topology, service);
    return apps.stop(scratch(s, practice(s)), key);
  }

  @Override
  public IsolatedServing serve(String service, String url, int requests) {
    ServiceTopology s = Lookup.service(topology, service);
    ServiceTopology.WriteLoad w = s.drill().writeLoad();
    URI uri = URI.create(url + (w != null ? w.path() : s.health().path()));
    long deadline = System.currentTimeMillis() + s.verify().timeout().toMillis();
    Long first = null;
    int served = 0;
    int sent = 0;
    String last = "no answer yet";
    // Until the first request is served (an app may need a moment for its database), then the rest.
    while (sent < requests && System.currentTimeMillis() < deadline) {
      CurrentActivity.heartbeat(served + " served");
      HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2));
      HttpRequest request =
          w != null
              ? b.header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(w.body()))
                  .build()
              : b.GET().build();
      try {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        last = "HTTP " + r.statusCode();
        if (r.statusCode() / 100 == 2) {
          if (first == null) {
            first = System.currentTimeMillis();
          }
          served++;
        }
      } catch (IOException e) {
        last = "no answer: " + e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw Failures.retryable(Failures.TIMED_OUT, "interrupted", e);
      }
      if (first != null) {
        sent++;
      }
    }
    return new IsolatedServing(
        uri.toString(),
        requests,
        served,
        first,
        (w != null ? "POST " : "GET ") + uri.getPath() + ", last answer " + last);
  }

  @Override
  public List<CheckResult> runChecks(String service, String url) {
    ServiceTopology s = Lookup.service(topology, service);
    return s.drill().checks().stream()
        .map(check -> probe.check(url, check, s.health().timeout()))
        .toList();
  }

  private static ServiceTopology.Practice practice(ServiceTopology s) {
    ServiceTopology.Practice p = s.drill().practice();
    if (p == null) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          "service '" + s.name() + "' has no drill.practice block: no app to start");
    }
    return p;
  }

  private static Path scratch(ServiceTopology s, ServiceTopology.Practice p) {
    if (p.scratchDir() == null) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          "service '" + s.name() + "': drill.practice.scratchDir is needed for the isolated app");
    }
    return Path.of(p.scratchDir());
  }
}
