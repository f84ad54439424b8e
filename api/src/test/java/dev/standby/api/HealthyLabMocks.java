package dev.standby.api;

import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.standby.activities.BackupActivities;
import dev.standby.activities.DatabaseActivities;
import dev.standby.activities.DatabaseHostActivities;
import dev.standby.activities.HealthActivities;
import dev.standby.activities.NotifyActivities;
import dev.standby.activities.RegionActivities;
import dev.standby.activities.ServiceActivities;
import dev.standby.activities.TopologyActivities;
import dev.standby.activities.TrafficActivities;
import dev.standby.model.FailbackPolicy;
import dev.standby.model.FailureType;
import dev.standby.model.NotifyPolicy;
import dev.standby.model.ServiceSpec;
import dev.standby.model.approval.MessageRef;
import dev.standby.model.database.DatabaseRole;
import dev.standby.model.database.FenceResult;
import dev.standby.model.database.IsolationResult;
import dev.standby.model.database.PromotionResult;
import dev.standby.model.database.ReplicationStatus;
import dev.standby.model.database.ResyncResult;
import dev.standby.model.health.HealthReport;
import dev.standby.model.service.Admission;
import dev.standby.model.service.AdmissionRequest;
import dev.standby.model.service.ServiceState;
import dev.standby.model.traffic.ServingReport;
import dev.standby.model.traffic.TrafficSample;
import dev.standby.workflows.StandbyActivityOptions;
import dev.standby.workflows.backup.BackupWorkflowImpl;
import dev.standby.workflows.backup.RestoreVerifyWorkflowImpl;
import dev.standby.workflows.failback.FailbackWorkflowImpl;
import dev.standby.workflows.failover.FailoverWorkflowImpl;
import dev.standby.workflows.monitor.HealthMonitorWorkflowImpl;
import dev.standby.workflows.region.RegionFailoverWorkflowImpl;
import dev.standby.workflows.runbook.RunbookWorkflowImpl;
import io.temporal.failure.ApplicationFailure;
import io.temporal.worker.Worker;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Mockito mocks of the activities, answering like a healthy two-site lab (site-a primary, site-b a
 * caught-up replica), under the real workflows. Every service exists except {@link
 * #UNKNOWN_SERVICE}. One set serves every API test class in the JVM (see {@link ApiTestApp}): a
 * class names only services no other class uses, and verifies calls by service, so another class's
 * run still winding down cannot fail it.
 */
public final class HealthyLabMocks {
  public static final String UNKNOWN_SERVICE = "ghost";

  public final TopologyActivities topology = mockActivity(TopologyActivities.class);
  public final HealthActivities health = mockActivity(HealthActivities.class);
  public final DatabaseActivities database = mockActivity(DatabaseActivities.class);

  /** Registered on each site's own queue, where the workflows route fences, isolations, resyncs. */
  public final DatabaseHostActivities host = mockActivity(DatabaseHostActivities.class);

  public final TrafficActivities traffic = mockActivity(TrafficActivities.class);

  /** Replaced by a test that wants the real Slack adapter in front of a stub of Slack's Web API. */
  public volatile NotifyActivities notify = mockActivity(NotifyActivities.class);

  /** Replaced by a test that gives backups canned answers (the lab's backups need the clouds). */
  public volatile BackupActivities backups = mockActivity(BackupActivities.class);

  /** The primary the mocked service names: site-a as a fresh service starts, site-b after. */
  private volatile String primary = "site-a";

  /** The region plans' answers: a test mocks the plan of its own site. */
  public final RegionActivities regions = mockActivity(RegionActivities.class);

  /** Admits every run, with {@link #primary} primary and the other site its replica. */
  public final ServiceActivities service = admittingService();

  /** Closed by a test that wants a failover to stay in its promote step. */
  private volatile CountDownLatch promoteGate = new CountDownLatch(0);

  /** The workflows these activities serve, and the activities, on the one shared worker. */
  public void registerOn(Worker worker) {
    worker.registerWorkflowImplementationTypes(
        StandbyActivityOptions.workflowImplementationOptions(),
        FailoverWorkflowImpl.class,
        FailbackWorkflowImpl.class,
        HealthMonitorWorkflowImpl.class,
        RunbookWorkflowImpl.class,
        BackupWorkflowImpl.class,
        RestoreVerifyWorkflowImpl.class,
        RegionFailoverWorkflowImpl.class);
    // Notifications and backups go through whatever the field holds at the time of the call, so a
    // test can swap it.
    worker.registerActivitiesImplementations(
        topology,
        health,
        database,
        traffic,
        current(NotifyActivities.class, () -> notify),
        current(BackupActivities.class, () -> backups),
        service,
        regions);
  }

  private ServiceActivities admittingService() {
    ServiceActivities service = mockActivity(ServiceActivities.class);
    when(service.admit(org.mockito.ArgumentMatchers.any()))
        .thenAnswer(
            call -> Admission.admit(state(call.<AdmissionRequest>getArgument(0).service()), null));
    when(service.current(anyString())).thenAnswer(call -> state(call.getArgument(0)));
    return service;
  }

  private ServiceState state(String service) {
    String standby = primary.equals("site-a") ? "site-b" : "site-a";
    return ServiceState.initial(service, primary, List.of("site-a", "site-b"))
        .withProtection(true, standby + " streams from " + primary);
  }

  private static <T> T current(Class<T> type, Supplier<T> field) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              try {
                return method.invoke(field.get(), args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            }));
  }

  public void answerLikeAHealthyLab() {
    primary = "site-a";
    reset(topology, health, database, traffic);
    notify = mockActivity(NotifyActivities.class);
    when(notify.askForApproval(org.mockito.ArgumentMatchers.any()))
        .thenReturn(new MessageRef("C-test", "1.000001"));
    promoteGate = new CountDownLatch(0);
    when(topology.describeService(anyString()))
        .thenAnswer(
            call -> {
              String service = call.getArgument(0);
              if (UNKNOWN_SERVICE.equals(service)) {
                throw ApplicationFailure.newNonRetryableFailure(
                    "no service '" + service + "' in the topology",
                    FailureType.UNKNOWN_SERVICE.type());
              }
              return new ServiceSpec(
                  service,
                  List.of("site-a", "site-b"),
                  "site-a",
                  30_000,
                  5_000,
                  100,
                  3,
                  20,
                  FailbackPolicy.DEFAULTS,
                  NotifyPolicy.DEFAULTS,
                  List.of());
            });
    when(health.probe(anyString(), anyString()))
        .thenAnswer(
            call ->
                new HealthReport(
                    call.getArgument(1),
                    true,
                    200,
                    "ok",
                    Map.of("database", "healthy", "cache", "healthy"),
                    3,
                    500,
                    System.currentTimeMillis(),
                    null));
    when(database.replicationStatus(anyString(), anyString()))
        .thenAnswer(
            call ->
                "site-b".equals(call.getArgument(1))
                    ? new ReplicationStatus(
                        "site-b",
                        DatabaseRole.REPLICA,
                        "0/3000100",
                        "0/3000100",
                        1_000L,
                        0L,
                        false,
                        null)
                    : new ReplicationStatus(
                        "site-a",
                        DatabaseRole.PRIMARY,
                        "0/3000100",
                        "0/3000100",
                        null,
                        null,
                        false,
                        null));
    when(health.liveness(anyString(), anyString()))
        .thenAnswer(
            call ->
                new HealthReport(
                    call.getArgument(1),
                    true,
                    200,
                    "ok",
                    Map.of(),
                    2,
                    500,
                    System.currentTimeMillis(),
                    null));
    when(host.fence(anyString(), anyString()))
        .thenAnswer(call -> new FenceResult(call.getArgument(1), "0/3000200", false));
    // A planned failover re-protects the old primary; an unplanned one isolates it.
    when(host.resyncAsReplica(anyString(), anyString(), anyString()))
        .thenAnswer(
            call ->
                new ResyncResult(
                    call.getArgument(1),
                    call.getArgument(2),
                    ResyncResult.Method.ALREADY_STREAMING,
                    "0/3000300",
                    10));
    when(host.isolate(anyString(), anyString(), anyString()))
        .thenAnswer(
            call ->
                new IsolationResult(
                    call.getArgument(1), 0, true, "no server ran; left standby.signal"));
    when(database.awaitReplay(anyString(), anyString(), anyString()))
        .thenAnswer(
            call ->
                new ReplicationStatus(
                    call.getArgument(1),
                    DatabaseRole.REPLICA,
                    "0/3000200",
                    "0/3000200",
                    1_500L,
                    0L,
                    false,
                    null));
    when(database.promote(anyString(), anyString()))
        .thenAnswer(
            call -> {
              promoteGate.await(30, TimeUnit.SECONDS);
              return new PromotionResult(
                  call.getArgument(1), true, "0/3000200", 1_500L, System.currentTimeMillis(), 2);
            });
    when(traffic.weights(anyString())).thenReturn(Map.of("site-a", 100, "site-b", 0));
    when(traffic.setWeights(anyString(), anyMap())).thenAnswer(call -> call.getArgument(1));
    when(traffic.verifyServing(anyString(), anyString(), anyInt()))
        .thenAnswer(
            call ->
                new ServingReport(
                    call.getArgument(1),
                    20,
                    Map.of(call.<String>getArgument(1), 20),
                    0,
                    System.currentTimeMillis()));
  }

  /**
   * As after a failover to site-b: site-b's database is the primary, site-a's healthy app waits to
   * come home, and a failback's resync and samples answer like the lab's (every sampled request
   * served, by the weights set).
   */
  public void failedOverToB() {
    primary = "site-b";
    when(database.replicationStatus(anyString(), anyString()))
        .thenAnswer(
            call ->
                "site-b".equals(call.getArgument(1))
                    ? new ReplicationStatus(
                        "site-b",
                        DatabaseRole.PRIMARY,
                        "0/3000100",
                        "0/3000100",
                        null,
                        null,
                        false,
                        null)
                    : new ReplicationStatus(
                        "site-a",
                        DatabaseRole.REPLICA,
                        "0/3000100",
                        "0/3000100",
                        1_000L,
                        0L,
                        false,
                        null));
    when(host.resyncAsReplica(anyString(), anyString(), anyString()))
        .thenAnswer(
            call ->
                new ResyncResult(
                    call.getArgument(1),
                    call.getArgument(2),
                    ResyncResult.Method.REWIND,
                    "0/3000100",
                    100));
    when(traffic.weights(anyString())).thenReturn(Map.of("site-a", 0, "site-b", 100));
    when(traffic.sampleFrontDoor(anyString(), anyInt()))
        .thenAnswer(
            call ->
                new TrafficSample(
                    call.getArgument(1),
                    Map.of("site-a", call.<Integer>getArgument(1)),
                    Map.of(),
                    Map.of("site-a", 5L),
                    System.currentTimeMillis()));
  }

  /** Failovers wait in their promote step until {@link #openPromoteGate()}. */
  public void holdPromotions() {
    promoteGate = new CountDownLatch(1);
  }

  public void openPromoteGate() {
    promoteGate.countDown();
  }

  private static <T> T mockActivity(Class<T> type) {
    return mock(type, withSettings().withoutAnnotations());
  }
}
