package dev.standby.workflows;

import dev.standby.activities.SiteQueues;
import dev.standby.model.FailureType;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.worker.WorkflowImplementationOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * Every activity's timeouts and retry policy, in one place. Registered with the worker (and the
 * test worker) as workflow implementation options, so workflow code creates its stubs without
 * options.
 */
public final class StandbyActivityOptions {
  private static final String[] NON_RETRYABLE =
      Arrays.stream(FailureType.values()).map(FailureType::type).toArray(String[]::new);

  /**
   * Transient errors (a database restarting, a router reloading) retry with backoff for a bounded
   * time.
   */
  private static final RetryOptions RETRY =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofMillis(500))
          .setBackoffCoefficient(2.0)
          .setMaximumInterval(Duration.ofSeconds(10))
          .setDoNotRetry(NON_RETRYABLE)
          .build();

  private static final ActivityOptions DEFAULT =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setScheduleToCloseTimeout(Duration.ofMinutes(5))
          .setRetryOptions(RETRY)
          .build();

  /** One HTTP probe of an app: answered quickly or counted as a failed probe. */
  private static final ActivityOptions PROBE =
      ActivityOptions.newBuilder(DEFAULT)
          .setStartToCloseTimeout(Duration.ofSeconds(5))
          .setScheduleToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(RetryOptions.newBuilder(RETRY).setMaximumAttempts(2).build())
          .build();

  private static final ActivityOptions NOTIFY =
      ActivityOptions.newBuilder(DEFAULT)
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setScheduleToCloseTimeout(Duration.ofMinutes(1))
          .build();

  /** Stopping or starting an app waits for it to go or to listen. */
  private static final ActivityOptions FAULT =
      ActivityOptions.newBuilder(DEFAULT).setStartToCloseTimeout(Duration.ofMinutes(3)).build();

  private static final ActivityOptions HOST_CONTROL =
      ActivityOptions.newBuilder(DEFAULT)
          .setStartToCloseTimeout(Duration.ofMinutes(2))
          .setScheduleToCloseTimeout(Duration.ofMinutes(5))
          .build();

  private static final ActivityOptions BACKUP_TRANSFER =
      ActivityOptions.newBuilder(DEFAULT)
          .setStartToCloseTimeout(Duration.ofHours(6))
          .setScheduleToCloseTimeout(Duration.ofHours(12))
          .setHeartbeatTimeout(Duration.ofSeconds(30))
          .build();

  /**
   * A site's queue that no worker polls is an error, not a wait: an activity nobody took within
   * this fails (ScheduleToStart timeouts are not retried), so the run reports it instead of
   * hanging.
   */
  static final Duration SITE_PICKUP = Duration.ofMinutes(1);

  private StandbyActivityOptions() {}

  /**
   * The options of a stub whose activities run on {@code site}'s own host: the defaults, on the
   * site's task queue ({@link SiteQueues#of}), with a bound on the wait for a worker there. The
   * per-activity-type options below still apply over these (they set no task queue).
   */
  public static ActivityOptions onSite(String site) {
    return ActivityOptions.newBuilder(DEFAULT)
        .setTaskQueue(SiteQueues.of(site))
        .setScheduleToStartTimeout(SITE_PICKUP)
        .build();
  }

  public static WorkflowImplementationOptions workflowImplementationOptions() {
    return WorkflowImplementationOptions.newBuilder()
        .setDefaultActivityOptions(DEFAULT)
        .setActivityOptions(perActivityType())
        .build();
  }

  /** Keyed by activity type: the interface's name prefix plus the capitalised method name. */
  static Map<String, ActivityOptions> perActivityType() {
    return Map.ofEntries(
        // A probe answers quickly or counts as a failed probe; the monitor's cadence must not stall
        // on retries.
        Map.entry("HealthProbe", PROBE),
        Map.entry("HealthLiveness", PROBE),
        // The service reads its databases on a timer: a reading that cannot be had now is skipped,
        // the next tick reads again.
        Map.entry(
            "DatabaseObserve",
            ActivityOptions.newBuilder(DEFAULT)
                .setStartToCloseTimeout(Duration.ofSeconds(15))
                .setScheduleToCloseTimeout(Duration.ofSeconds(20))
                .setRetryOptions(RetryOptions.newBuilder(RETRY).setMaximumAttempts(1).build())
                .build()),
        // Fencing with host access stops the server cleanly (pg_ctl waits up to a minute), and
        // isolating kills it and checks it is gone: longer than a SQL call.
        Map.entry("DatabaseFence", HOST_CONTROL),
        Map.entry("DatabaseUnfence", HOST_CONTROL),
        // Isolation is asked for when the old primary is believed lost, and its host may be lost
        // with it, site worker included: the failover waits a few seconds for that worker, then
        // goes on without it (the service fences the old primary if it answers again).
        Map.entry(
            "DatabaseIsolate",
            ActivityOptions.newBuilder(HOST_CONTROL)
                .setScheduleToStartTimeout(Duration.ofSeconds(10))
                .build()),
        // An admission may wait for the service's monitor to stop (up to 10 s) before it answers.
        Map.entry(
            "ServiceAdmit",
            ActivityOptions.newBuilder(DEFAULT)
                .setStartToCloseTimeout(Duration.ofSeconds(40))
                .setScheduleToCloseTimeout(Duration.ofMinutes(3))
                .build()),
        // Catch-up runs while the old primary is fenced, so writes wait on it: a replica that has
        // not
        // replayed the final LSN within two minutes is broken, and the failover gives the primary
        // back.
        Map.entry(
            "DatabaseAwaitReplay",
            ActivityOptions.newBuilder(DEFAULT)
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setScheduleToCloseTimeout(Duration.ofMinutes(2))
                .setHeartbeatTimeout(Duration.ofSeconds(5))
                .build()),
        // Verification loops until enough real requests land on the target, proving liveness by
        // heartbeat.
        Map.entry(
            "TrafficVerifyServing",
            ActivityOptions.newBuilder(DEFAULT)
                .setStartToCloseTimeout(Duration.ofMinutes(2))
                .setScheduleToCloseTimeout(Duration.ofMinutes(10))
                .setHeartbeatTimeout(Duration.ofSeconds(10))
                .build()),
        // A notification that cannot go out within a minute is given up: the wait for approval goes
        // on without it,
        // and answers still arrive through the API.
        Map.entry("NotifyPost", NOTIFY),
        Map.entry("NotifyUpdate", NOTIFY),
        Map.entry("NotifyAskForApproval", NOTIFY),
        Map.entry("NotifyEscalate", NOTIFY),
        Map.entry(
            "DatabasePromote",
            ActivityOptions.newBuilder(DEFAULT)
                .setStartToCloseTimeout(Duration.ofMinutes(2))
                .setScheduleToCloseTimeout(Duration.ofMinutes(15))
                .build()),
        // A rewind takes seconds, a fresh base backup of a big database hours; the tools heartbeat
        // while they run.
        Map.entry(
            "DatabaseResyncAsReplica",
            ActivityOptions.newBuilder(DEFAULT)
                .setStartToCloseTimeout(Duration.ofHours(2))
                .setScheduleToCloseTimeout(Duration.ofHours(6))
                .setHeartbeatTimeout(Duration.ofSeconds(30))
                .build()),
        // Re-pointing a replica is a reload and a catch-up: minutes at most, heartbeating.
        Map.entry(
            "DatabaseRepoint",
            ActivityOptions.newBuilder(DEFAULT)
                .setStartToCloseTimeout(Duration.ofMinutes(10))
                .setScheduleToCloseTimeout(Duration.ofMinutes(30))
                .setHeartbeatTimeout(Duration.ofSeconds(30))
                .build()),
        // A drill's write load runs through the whole failover. It is not retried: a second attempt
        // would start its
        // measurements over in the middle of the outage, and a drill that measured nothing honest
        // should say so.
        Map.entry(
            "WriteLoadRun",
            ActivityOptions.newBuilder(DEFAULT)
                .setStartToCloseTimeout(Duration.ofMinutes(15))
                .setScheduleToCloseTimeout(Duration.ofMinutes(15))
                .setHeartbeatTimeout(Duration.ofSeconds(10))
                .setRetryOptions(RetryOptions.newBuilder(RETRY).setMaximumAttempts(1).build())
                .build()),
        // Waits for the failover a monitor started; the failover bounds itself.
        Map.entry(
            "RunAwaitFailover",
            ActivityOptions.newBuilder(DEFAULT)
                .setStartToCloseTimeout(Duration.ofMinutes(30))
                .setScheduleToCloseTimeout(Duration.ofHours(1))
                .setHeartbeatTimeout(Duration.ofSeconds(15))
                .build()),
        // A practice's clone copies a whole database (a base backup, a provider's restore: minutes
        // to hours) and heartbeats; a worker that dies is noticed within the heartbeat timeout and
        // the retry on another worker finds the half-made clone by its key and makes it again. The
        // drill waits for a canceled clone or app start to stop before it removes them, so nothing
        // is created after its removal.
        Map.entry(
            "CloneCreate",
            ActivityOptions.newBuilder(DEFAULT)
                .setStartToCloseTimeout(Duration.ofHours(2))
                .setScheduleToCloseTimeout(Duration.ofHours(4))
                .setHeartbeatTimeout(Duration.ofSeconds(10))
                .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                .build()),
        Map.entry("CloneRemove", HOST_CONTROL),
        Map.entry(
            "IsolatedAppStart",
            ActivityOptions.newBuilder(HOST_CONTROL)
                .setHeartbeatTimeout(Duration.ofSeconds(10))
                .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                .build()),
        Map.entry("IsolatedAppStop", HOST_CONTROL),
        Map.entry(
            "IsolatedAppServe",
            ActivityOptions.newBuilder(DEFAULT)
                .setStartToCloseTimeout(Duration.ofMinutes(2))
                .setHeartbeatTimeout(Duration.ofSeconds(10))
                .build()),
        // The front door measured for a practice: a slice lost to a dead worker is a gap in the
        // measurement, not retried (a second attempt would measure a later moment).
        Map.entry(
            "WriteLoadSample",
            ActivityOptions.newBuilder(DEFAULT)
                .setStartToCloseTimeout(Duration.ofMinutes(15))
                .setScheduleToCloseTimeout(Duration.ofMinutes(15))
                .setHeartbeatTimeout(Duration.ofSeconds(10))
                .setRetryOptions(RetryOptions.newBuilder(RETRY).setMaximumAttempts(1).build())
                .build()),
        // Readiness reads everything once per tick; a reading that cannot be had now is skipped,
        // the next tick reads again (and the last evaluation stands meanwhile).
        Map.entry(
            "ReadinessGather",
            ActivityOptions.newBuilder(DEFAULT)
                .setStartToCloseTimeout(Duration.ofSeconds(60))
                .setScheduleToCloseTimeout(Duration.ofSeconds(60))
                .setRetryOptions(RetryOptions.newBuilder(RETRY).setMaximumAttempts(1).build())
                .build()),
        Map.entry("FaultInject", FAULT),
        Map.entry("FaultClear", FAULT),
        // Checksumming a big table reads all of it.
        Map.entry(
            "DatabaseChecksums",
            ActivityOptions.newBuilder(DEFAULT)
                .setStartToCloseTimeout(Duration.ofMinutes(30))
                .setScheduleToCloseTimeout(Duration.ofHours(1))
                .build()),
        // A sync pass copies for as long as the data takes; the heartbeat carries its checkpoint,
        // so a pass whose
        // worker died is retried on another worker from the last key it fully handled.
        Map.entry(
            "ObjectSyncSyncPass",
            ActivityOptions.newBuilder(DEFAULT)
                .setStartToCloseTimeout(Duration.ofHours(2))
                .setScheduleToCloseTimeout(Duration.ofHours(6))
                .setHeartbeatTimeout(Duration.ofSeconds(30))
                .build()),
        // Backups move whole databases: hours of start-to-close, liveness by heartbeat. A crashed
        // worker is noticed
        // within a heartbeat timeout, and the retry resumes the multipart upload it heartbeated.
        Map.entry("BackupDump", BACKUP_TRANSFER),
        Map.entry("BackupCopy", BACKUP_TRANSFER),
        Map.entry("BackupVerify", BACKUP_TRANSFER),
        Map.entry("BackupRestoreAndCheck", BACKUP_TRANSFER),
        Map.entry(
            "BackupPrune",
            ActivityOptions.newBuilder(DEFAULT)
                .setStartToCloseTimeout(Duration.ofMinutes(10))
                .setScheduleToCloseTimeout(Duration.ofMinutes(30))
                .build()),
        // A sample is part of a bake: one retry, then it counts as a failed sample (the gate
        // decides).
        Map.entry(
            "TrafficSampleFrontDoor",
            ActivityOptions.newBuilder(DEFAULT)
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setScheduleToCloseTimeout(Duration.ofMinutes(2))
                .setHeartbeatTimeout(Duration.ofSeconds(15))
                .setRetryOptions(RetryOptions.newBuilder(RETRY).setMaximumAttempts(2).build())
                .build()));
  }
}
