package dev.standby.activities;

import dev.standby.model.health.CheckResult;
import dev.standby.model.practice.CloneRecord;
import dev.standby.model.practice.IsolatedApp;
import dev.standby.model.practice.IsolatedServing;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * The isolated app of a practice failover: a copy of the service's app started against a clone on a
 * free loopback port that no router knows, real requests and the topology's integration checks
 * against it, and its removal. Start and stop are idempotent per key.
 */
@ActivityInterface(namePrefix = "IsolatedApp")
public interface IsolatedAppActivities {

  /** Starts the app on the clone (or finds the one started under the key) and waits for it. */
  @ActivityMethod
  IsolatedApp start(String service, String key, CloneRecord clone);

  /**
   * Sends {@code requests} real requests (the drill's write, else the health check), waiting up to
   * the service's verify timeout for the first to be served.
   */
  @ActivityMethod
  IsolatedServing serve(String service, String url, int requests);

  /** The topology's integration checks ({@code drill.checks}) against the isolated app. */
  @ActivityMethod
  List<CheckResult> runChecks(String service, String url);

  /** Stops the app started under {@code key}; returns what it removed, nothing when nothing. */
  @ActivityMethod
  List<String> stop(String service, String key);
}
