package dev.standby.adapters.lab;

import dev.standby.adapters.FaultInjector;
import dev.standby.adapters.postgres.Postmaster;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.drill.FaultKind;
import dev.standby.model.drill.FaultRecord;
import dev.standby.topology.ServiceTopology;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Faults in the lab: the database is SIGKILLed here, by the postmaster's pid in its data dir (so
 * the moment it died is known to the millisecond); the app is stopped and started with {@code lab
 * fault}; health and latency go through the sample app's fault switch ({@code POST /admin/fault}).
 */
public final class LabFaults implements FaultInjector {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Override
  public FaultRecord inject(
      ServiceTopology service, String site, FaultKind kind, long latencyMillis) {
    ServiceTopology.SiteEndpoints endpoints = service.site(site);
    return switch (kind) {
      case KILL_DB -> killDatabase(site, endpoints.database());
      case STOP_APP -> labCommand(service, site, kind, "stop-app");
      case FAIL_HEALTH -> faultSwitch(site, endpoints.app(), kind, "{\"health\":\"fail\"}");
      case ADD_LATENCY ->
          faultSwitch(site, endpoints.app(), kind, "{\"latencyMs\":" + latencyMillis + "}");
    };
  }

  @Override
  public FaultRecord clear(ServiceTopology service, String site, FaultKind kind) {
    ServiceTopology.SiteEndpoints endpoints = service.site(site);
    return switch (kind) {
      case KILL_DB ->
          new FaultRecord(
              site,
              kind,
              System.currentTimeMillis(),
              "left down: the failback's resync starts it again as a replica");
      case STOP_APP -> labCommand(service, site, kind, "start-app");
      case FAIL_HEALTH, ADD_LATENCY ->
          faultSwitch(site, endpoints.app(), kind, "{\"health\":\"ok\",\"latencyMs\":0}");
    };
  }

  private FaultRecord killDatabase(String site, ServiceTopology.Database database) {
    if (database.local() == null) {
      throw Failures.nonRetryable(
          FailureType.FAULT_NOT_SUPPORTED,
          site
              + "'s database has no local block: the lab adapter kills a database by its data dir");
    }
    Path dataDir = Path.of(database.local().dataDir());
    OptionalLong running = Postmaster.running(dataDir);
    if (running.isEmpty()) {
      // Already dead (killed by an earlier attempt of this activity, maybe a zombie nobody reaped):
      // injecting again
      // changes nothing, and must not report a new moment of death.
      return new FaultRecord(
          site,
          FaultKind.KILL_DB,
          System.currentTimeMillis(),
          "no running server (" + dataDir.resolve("postmaster.pid") + ")");
    }
    long pid = running.getAsLong();
    ProcessHandle postmaster = ProcessHandle.of(pid).orElse(null);
    if (postmaster == null) {
      return new FaultRecord(
          site,
          FaultKind.KILL_DB,
          System.currentTimeMillis(),
          "postmaster " + pid + " is not running");
    }
    // Children first listed, then the postmaster killed, then the children: orphans would hold its
    // shared memory.
    List<ProcessHandle> children = postmaster.descendants().toList();
    postmaster.destroyForcibly();
    long killedAt = System.currentTimeMillis();
    children.forEach(ProcessHandle::destroyForcibly);
    return new FaultRecord(
        site,
        FaultKind.KILL_DB,
        killedAt,
        "SIGKILL postmaster " + pid + " and " + children.size() + " server processes");
  }

  private FaultRecord labCommand(
      ServiceTopology service, String site, FaultKind kind, String action) {
    ServiceTopology.Faults faults = service.drill().faults();
    if (faults == null) {
      throw Failures.nonRetryable(
          FailureType.FAULT_NOT_SUPPORTED,
          "service '"
              + service.name()
              + "' has no drill.faults block: cannot "
              + action
              + " at "
              + site);
    }
    try {
      Path output = Files.createTempFile("standby-fault-", ".out");
      try {
        Process process =
            new ProcessBuilder(faults.command(), "fault", action, site, "--dir", faults.labDir())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
          process.destroyForcibly();
          throw Failures.retryable(
              Failures.TIMED_OUT, "lab fault " + action + " " + site + " did not finish", null);
        }
        // The app is stopped (or listening again) once the command returns: that is when the fault
        // took effect.
        long at = System.currentTimeMillis();
        String said = Files.readString(output).trim();
        if (process.exitValue() != 0) {
          throw Failures.retryable(
              Failures.PROVIDER_ERROR,
              "lab fault " + action + " " + site + " failed: " + said,
              null);
        }
        return new FaultRecord(site, kind, at, said);
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw Failures.retryable(
          Failures.PROVIDER_ERROR, "cannot run " + faults.command() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private FaultRecord faultSwitch(String site, String app, FaultKind kind, String json) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(app + "/admin/fault"))
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      long at = System.currentTimeMillis();
      if (response.statusCode() == 404) {
        throw Failures.nonRetryable(
            FailureType.FAULT_NOT_SUPPORTED,
            site + "'s app has no fault switch at " + app + "/admin/fault");
      }
      if (response.statusCode() != 200) {
        throw Failures.retryable(
            Failures.PROVIDER_ERROR,
            site + "'s fault switch answered " + response.statusCode() + ": " + response.body(),
            null);
      }
      return new FaultRecord(site, kind, at, "fault switch now " + response.body());
    } catch (IOException e) {
      throw Failures.retryable(
          Failures.UNREACHABLE, site + "'s app did not answer at " + app + "/admin/fault: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
