package dev.standby.workflows;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import dev.standby.activities.ServiceActivities;
import dev.standby.activities.SiteQueues;
import dev.standby.model.FailbackPolicy;
import dev.standby.model.NotifyPolicy;
import dev.standby.model.ServiceSpec;
import dev.standby.model.database.DatabaseRole;
import dev.standby.model.database.FenceResult;
import dev.standby.model.database.PromotionResult;
import dev.standby.model.database.ReplicationStatus;
import dev.standby.model.health.HealthReport;
import dev.standby.model.service.ServiceState;
import dev.standby.model.traffic.ServingReport;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import java.util.List;
import java.util.Map;

/**
 * Canned answers of a healthy two-site lab, and the test environment set up as the worker sets up
 * Temporal.
 */
public final class TestFixtures {
  public static final String SERVICE = "payments";

  private TestFixtures() {}

  public static TestWorkflowExtension.Builder extension() {
    return TestWorkflowExtension.newBuilder()
        .registerSearchAttribute("StandbyService", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
        .registerSearchAttribute("StandbyKind", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
        .registerSearchAttribute("StandbySite", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
        .setDoNotStart(true);
  }

  /** The sites the fixtures' services run on, so site-host stubs have a queue to land on. */
  public static final List<String> SITES = List.of("site-a", "site-b", "site-c");

  /**
   * Registers {@code activities} on every site's own task queue, as site workers serve them: the
   * workflows route host activities (fence, isolate, resync, faults) there. Call before {@code
   * env.start()}.
   */
  public static void onSiteHosts(TestWorkflowEnvironment env, Object... activities) {
    for (String site : SITES) {
      env.newWorker(SiteQueues.of(site)).registerActivitiesImplementations(activities);
    }
  }

  public static <T> T mockActivity(Class<T> type) {
    return mock(type, withSettings().withoutAnnotations());
  }

  /**
   * A mocked service that admits every run, with site-a primary and site-b a streaming replica (or
   * {@code primary} and the other site).
   */
  public static ServiceActivities admittingService() {
    return admittingService("site-a");
  }

  public static ServiceActivities admittingService(String primary) {
    return ServiceFixtures.admitting(serviceState(primary));
  }

  /** The service's state with {@code primary} as its primary and the other site its replica. */
  public static ServiceState serviceState(String primary) {
    return ServiceState.initial(SERVICE, primary, List.of("site-a", "site-b"))
        .withProtection(true, "site-b streams from site-a");
  }

  public static ServiceSpec spec() {
    return new ServiceSpec(
        SERVICE,
        List.of("site-a", "site-b"),
        "site-a",
        30_000,
        5_000,
        1_000,
        3,
        20,
        FailbackPolicy.DEFAULTS,
        NotifyPolicy.DEFAULTS,
        List.of());
  }

  public static HealthReport healthy(String site) {
    return new HealthReport(
        site, true, 200, "ok", Map.of("database", "healthy", "cache", "healthy"), 3, 500, 0, null);
  }

  public static HealthReport readOnly(String site) {
    return new HealthReport(
        site,
        true,
        503,
        "degraded",
        Map.of("database", "read-only", "cache", "healthy"),
        3,
        500,
        0,
        null);
  }

  public static HealthReport down(String site) {
    return new HealthReport(
        site,
        true,
        503,
        "down",
        Map.of("database", "unreachable", "cache", "healthy"),
        3,
        500,
        0,
        null);
  }

  public static ReplicationStatus replica(String site, long lagMillis) {
    return new ReplicationStatus(
        site, DatabaseRole.REPLICA, "0/3000100", "0/3000100", 1_000L, lagMillis, false, null);
  }

  public static ReplicationStatus primary(String site) {
    return new ReplicationStatus(
        site, DatabaseRole.PRIMARY, "0/3000100", "0/3000100", null, null, false, null);
  }

  public static ReplicationStatus unreachable(String site) {
    return new ReplicationStatus(
        site, DatabaseRole.UNREACHABLE, null, null, null, null, false, "connection refused");
  }

  public static FenceResult fenced(String site) {
    return new FenceResult(site, "0/3000200", false);
  }

  public static PromotionResult promoted(String site) {
    return new PromotionResult(site, true, "0/3000200", 1_500L, 2_000L, 2);
  }

  public static ServingReport served(String site, long firstServedAtMillis) {
    return new ServingReport(site, 20, Map.of(site, 20), 0, firstServedAtMillis);
  }
}
