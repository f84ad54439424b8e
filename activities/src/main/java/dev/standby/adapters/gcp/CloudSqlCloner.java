package dev.standby.adapters.gcp;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.services.sqladmin.SQLAdmin;
import com.google.api.services.sqladmin.model.CloneContext;
import com.google.api.services.sqladmin.model.DatabaseInstance;
import com.google.api.services.sqladmin.model.InstancesCloneRequest;
import com.google.api.services.sqladmin.model.IpMapping;
import com.google.api.services.sqladmin.model.Operation;
import dev.standby.activities.CurrentActivity;
import dev.standby.adapters.CloneNames;
import dev.standby.adapters.DatabaseCloner;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.practice.CloneRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * A practice clone on Cloud SQL: {@code instances.clone} of the standby's instance into a new
 * instance, which Cloud SQL builds on its side (the standby and the primary keep running as they
 * were), its operation polled until DONE and the clone until RUNNABLE. Removed with {@code
 * instances.delete}.
 */
public final class CloudSqlCloner implements DatabaseCloner {
  private final GcpClients clients;
  private final Duration poll;

  public CloudSqlCloner(GcpClients clients) {
    this(clients, Duration.ofSeconds(5));
  }

  CloudSqlCloner(GcpClients clients, Duration poll) {
    this.clients = clients;
    this.poll = poll;
  }

  @Override
  public CloneRecord create(CloneRequest r) {
    String source = requireInstance(r);
    String name = CloneNames.of(source, r.key());
    String project = clients.project(r.site());
    SQLAdmin admin = clients.sqlAdmin(r.site());
    long requestedAt = System.currentTimeMillis();
    try {
      if (find(admin, project, name) == null) {
        Operation op =
            admin
                .instances()
                .clone(
                    project,
                    source,
                    new InstancesCloneRequest()
                        .setCloneContext(
                            new CloneContext()
                                .setKind("sql#cloneContext")
                                .setDestinationInstanceName(name)))
                .execute();
        await(admin, project, op, "cloning " + source);
      }
      DatabaseInstance clone = find(admin, project, name);
      while (clone == null || !"RUNNABLE".equals(clone.getState())) {
        CurrentActivity.heartbeat(
            name + " is " + (clone == null ? "not there yet" : clone.getState()));
        Thread.sleep(poll.toMillis());
        clone = find(admin, project, name);
      }
      return new CloneRecord(
          r.key(),
          "cloudsql",
          r.site(),
          name,
          address(clone),
          5432,
          null,
          requestedAt,
          false,
          System.currentTimeMillis(),
          List.of("Cloud SQL instance " + name + " cloned from " + source));
    } catch (IOException e) {
      throw GcpFailures.of("cloning Cloud SQL instance " + source, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Failures.retryable(Failures.TIMED_OUT, "interrupted while cloning " + source, e);
    }
  }

  @Override
  public List<String> remove(CloneRequest r) {
    String name = CloneNames.of(requireInstance(r), r.key());
    String project = clients.project(r.site());
    SQLAdmin admin = clients.sqlAdmin(r.site());
    try {
      if (find(admin, project, name) == null) {
        return List.of();
      }
      await(admin, project, admin.instances().delete(project, name).execute(), "deleting " + name);
      return List.of("deleted Cloud SQL instance " + name);
    } catch (IOException e) {
      throw GcpFailures.of("deleting the practice clone " + name, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Failures.retryable(Failures.TIMED_OUT, "interrupted while deleting " + name, e);
    }
  }

  private void await(SQLAdmin admin, String project, Operation op, String what)
      throws IOException, InterruptedException {
    while (!"DONE".equals(op.getStatus())) {
      CurrentActivity.heartbeat(what + ": " + op.getStatus());
      Thread.sleep(poll.toMillis());
      op = admin.operations().get(project, op.getName()).execute();
    }
    if (op.getError() != null
        && op.getError().getErrors() != null
        && !op.getError().getErrors().isEmpty()) {
      throw Failures.retryable(
          Failures.PROVIDER_ERROR,
          what + " failed: " + op.getError().getErrors().get(0).getMessage(),
          null);
    }
  }

  private static DatabaseInstance find(SQLAdmin admin, String project, String name)
      throws IOException {
    try {
      return admin.instances().get(project, name).execute();
    } catch (GoogleJsonResponseException e) {
      if (e.getStatusCode() == 404) {
        return null;
      }
      throw e;
    }
  }

  private static String address(DatabaseInstance instance) {
    List<IpMapping> ips = instance.getIpAddresses();
    if (ips == null || ips.isEmpty()) {
      return null;
    }
    return ips.stream()
        .filter(ip -> "PRIVATE".equals(ip.getType()))
        .findFirst()
        .orElse(ips.get(0))
        .getIpAddress();
  }

  private static String requireInstance(CloneRequest r) {
    if (r.standby().instance() == null) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          r.service() + "/" + r.site() + ": a Cloud SQL practice clone needs the instance name");
    }
    return r.standby().instance();
  }
}
