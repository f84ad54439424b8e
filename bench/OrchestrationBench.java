import dev.standby.activities.impl.DatabaseActivitiesImpl;
import dev.standby.activities.impl.DatabaseHostActivitiesImpl;
import dev.standby.activities.impl.HealthActivitiesImpl;
import dev.standby.activities.impl.TopologyActivitiesImpl;
import dev.standby.activities.impl.TrafficActivitiesImpl;
import dev.standby.adapters.haproxy.HaproxyTrafficRouter;
import dev.standby.adapters.health.HttpHealthProbe;
import dev.standby.adapters.postgres.PostgresDatabaseAdapter;
import dev.standby.model.ServiceSpec;
import dev.standby.model.StepRecord;
import dev.standby.model.database.DatabaseRole;
import dev.standby.model.database.FenceResult;
import dev.standby.model.database.ReplicationStatus;
import dev.standby.model.failover.FailoverMode;
import dev.standby.model.failover.FailoverRequest;
import dev.standby.model.failover.FailoverResult;
import dev.standby.model.health.HealthReport;
import dev.standby.temporal.StandbyDataConverters;
import dev.standby.temporal.TemporalConnectionOptions;
import dev.standby.topology.Topology;
import dev.standby.topology.TopologyLoader;
import dev.standby.traffic.ServingVerifier;
import dev.standby.workflows.failover.FailoverWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Orchestration overhead: a planned failover of the lab's payments, run by Standby's Failover workflow (through the
 * Temporal dev server and a running worker) and by the same activity implementations called directly in this JVM, no
 * Temporal. Rounds alternate which goes first; each failover flips the primary (site-a ↔ site-b) and leaves the old
 * primary a streaming replica, so the next one can go back. Prints the median per step and end to end, and the ratio.
 * Run by bench/orchestration-overhead.sh (compiled first):
 *   java -cp worker/target/standby-worker.jar:CLASSES OrchestrationBench TOPOLOGY ROUNDS
 */
public class OrchestrationBench {
  static final String SERVICE = "payments";
  static final List<String> STEPS = List.of("resolve-service", "admit", "check-target", "fence-source", "await-replay",
      "promote-target", "move-traffic", "verify-traffic", "reprotect-source");

  public static void main(String[] args) throws Exception {
    Topology topology = TopologyLoader.load(Path.of(args[0]));
    int rounds = Integer.parseInt(args[1]);
    Direct direct = new Direct(topology);
    Orchestrated workflow = new Orchestrated(topology);
    String primary = "site-a";
    // Warm-up, not counted: a worker runs for days, so its classes are loaded and its connections made. One each.
    primary = flip(primary, workflow.run(primary, other(primary), 0));
    primary = flip(primary, direct.run(primary, other(primary)));
    Map<String, List<Map<String, Long>>> runs = new LinkedHashMap<>();
    runs.put("workflow", new ArrayList<>());
    runs.put("direct", new ArrayList<>());
    for (int r = 0; r < rounds; r++) {
      boolean workflowFirst = r % 2 == 0;
      for (int i = 0; i < 2; i++) {
        boolean useWorkflow = workflowFirst == (i == 0);
        Thread.sleep(2000); // the reprotected replica streams before the next switchover checks its lag
        Map<String, Long> steps = useWorkflow ? workflow.run(primary, other(primary), r + 1)
            : direct.run(primary, other(primary));
        System.err.printf("round %d %s %s → %s %s load %.1f%n", r + 1, useWorkflow ? "workflow" : "direct", primary,
            other(primary), steps, load());
        runs.get(useWorkflow ? "workflow" : "direct").add(steps);
        primary = flip(primary, steps);
      }
    }
    print(runs);
    System.exit(0);
  }

  static String flip(String primary, Map<String, Long> steps) {
    return other(primary);
  }

  static String other(String site) {
    return site.equals("site-a") ? "site-b" : "site-a";
  }

  static double load() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  static void print(Map<String, List<Map<String, Long>>> runs) {
    List<String> rows = new ArrayList<>(STEPS);
    rows.add("end to end");
    System.out.println();
    System.out.println(" step             | workflow ms (median) | direct ms (median) | workflow / direct");
    System.out.println("------------------+----------------------+--------------------+------------------");
    for (String step : rows) {
      Long w = median(runs.get("workflow"), step);
      Long d = median(runs.get("direct"), step);
      String ratio = w != null && d != null && d > 0 ? String.format("%.2fx", (double) w / d)
          : (d == null ? "(no direct step)" : "");
      System.out.printf(" %-16s | %20s | %18s | %s%n", step, w == null ? "-" : w, d == null ? "-" : d, ratio);
    }
    for (String how : runs.keySet()) {
      List<Long> totals = runs.get(how).stream().map(m -> m.get("end to end")).sorted().toList();
      System.out.printf(" %s end to end: min %d, max %d ms over %d rounds%n", how, totals.get(0),
          totals.get(totals.size() - 1), totals.size());
    }
  }

  static Long median(List<Map<String, Long>> runs, String step) {
    List<Long> values = runs.stream().map(m -> m.get(step)).filter(v -> v != null).sorted().toList();
    if (values.isEmpty()) {
      return null;
    }
    int n = values.size();
    return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
  }

  /** The Failover workflow through Temporal: the client's wall time, and the workflow's own step timeline. */
  static final class Orchestrated {
    final WorkflowClient client;
    final String taskQueue;

    Orchestrated(Topology topology) {
      var access = topology.temporal().access();
      WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
          TemporalConnectionOptions.builder(access, System::getenv).build());
      client = WorkflowClient.newInstance(service, WorkflowClientOptions.newBuilder()
          .setNamespace(topology.temporal().namespace())
          .setDataConverter(StandbyDataConverters.forAccess(access, System::getenv)).build());
      taskQueue = topology.temporal().taskQueue();
    }

    Map<String, Long> run(String source, String target, int round) {
      FailoverWorkflow workflow = client.newWorkflowStub(FailoverWorkflow.class, WorkflowOptions.newBuilder()
          .setWorkflowId("failover/" + SERVICE).setTaskQueue(taskQueue).build());
      long started = System.nanoTime();
      FailoverResult result = workflow.failover(new FailoverRequest(SERVICE, target, FailoverMode.PLANNED, source,
          "orchestration benchmark round " + round, "bench", null));
      long total = (System.nanoTime() - started) / 1_000_000;
      Map<String, Long> steps = new LinkedHashMap<>();
      for (StepRecord step : result.steps()) {
        steps.merge(step.name(), step.durationMillis(), Long::sum);
      }
      steps.put("end to end", total);
      return steps;
    }
  }

  /**
   * The same steps, in the same order and with the same parallel checks, as FailoverWorkflowImpl's planned path,
   * calling the activity implementations the worker registers. No admission: that is the service workflow's, and
   * part of what orchestration costs.
   */
  static final class Direct {
    final TopologyActivitiesImpl topology;
    final HealthActivitiesImpl health;
    final DatabaseActivitiesImpl database;
    final DatabaseHostActivitiesImpl host; // fencing and resync: what needs the database's host
    final TrafficActivitiesImpl traffic;

    Direct(Topology t) {
      topology = new TopologyActivitiesImpl(t);
      health = new HealthActivitiesImpl(t, new HttpHealthProbe());
      PostgresDatabaseAdapter postgres = new PostgresDatabaseAdapter();
      database = new DatabaseActivitiesImpl(t, Map.of("postgresql", postgres));
      host = new DatabaseHostActivitiesImpl(t, Map.of("postgresql", postgres));
      traffic = new TrafficActivitiesImpl(t, Map.of("haproxy", new HaproxyTrafficRouter()), new ServingVerifier());
    }

    Map<String, Long> run(String source, String target) {
      Map<String, Long> steps = java.util.Collections.synchronizedMap(new LinkedHashMap<>()); // two steps end concurrently
      long started = System.nanoTime();
      ServiceSpec spec = timed(steps, "resolve-service", () -> topology.describeService(SERVICE));
      timed(steps, "check-target", () -> {
        var liveness = CompletableFuture.supplyAsync(() -> health.liveness(SERVICE, target));
        var targetDb = CompletableFuture.supplyAsync(() -> database.replicationStatus(SERVICE, target));
        var sourceDb = CompletableFuture.supplyAsync(() -> database.replicationStatus(SERVICE, source));
        var weights = CompletableFuture.supplyAsync(() -> traffic.weights(SERVICE));
        HealthReport report = liveness.join();
        ReplicationStatus replica = targetDb.join();
        if (!report.canTakeOver() || replica.role() != DatabaseRole.REPLICA
            || sourceDb.join().role() != DatabaseRole.PRIMARY) {
          throw new IllegalStateException("cannot switch over: " + report.summary() + ", " + replica.role());
        }
        return weights.join();
      });
      FenceResult fence = timed(steps, "fence-source", () -> host.fence(SERVICE, source));
      timed(steps, "await-replay", () -> database.awaitReplay(SERVICE, target, fence.finalLsn()));
      timed(steps, "promote-target", () -> database.promote(SERVICE, target));
      Map<String, Integer> weights = new TreeMap<>();
      spec.sites().forEach(site -> weights.put(site, site.equals(target) ? 100 : 0));
      timed(steps, "move-traffic", () -> traffic.setWeights(SERVICE, weights));
      // As the workflow does: the old primary is reprotected while the front door is verified.
      var reprotect = CompletableFuture.supplyAsync(
          () -> timed(steps, "reprotect-source", () -> host.resyncAsReplica(SERVICE, source, target)));
      timed(steps, "verify-traffic", () -> traffic.verifyServing(SERVICE, target, spec.verifyRequests()));
      reprotect.join();
      steps.put("end to end", (System.nanoTime() - started) / 1_000_000);
      return steps;
    }

    static <T> T timed(Map<String, Long> steps, String name, Supplier<T> step) {
      long started = System.nanoTime();
      T result = step.get();
      steps.put(name, (System.nanoTime() - started) / 1_000_000);
      return result;
    }
  }
}
