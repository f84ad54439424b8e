package dev.standby.workflows.replication;

import dev.standby.model.database.ReplicaLag;
import dev.standby.model.monitor.ReplicationMonitorState.Replica;

/**
 * When a replica's state flips, and only then: over the RPO for {@code confirmChecks} checks in a
 * row to enter breach, at or below {@code recoverAtPercent}% of it for as many checks to leave it.
 * A lag hovering around the objective therefore neither alerts on every check nor flaps between
 * alert and recovery. An unknown lag counts as over: nobody can say that replica's data is safe.
 */
record LagHysteresis(long rpoMillis, int confirmChecks, int recoverAtPercent) {

  /**
   * The replica's next state; {@code flipped} says an alert (entering breach) or a recovery is due.
   */
  Step next(Replica previous, ReplicaLag lag, long now) {
    boolean breached = previous != null && previous.breached();
    boolean over = lag.lagMillis() == null || lag.lagMillis() > rpoMillis;
    boolean recovered =
        lag.lagMillis() != null && lag.lagMillis() * 100 <= rpoMillis * recoverAtPercent;
    boolean pointsAway = breached ? recovered : over;
    int streak = pointsAway ? (previous == null ? 0 : previous.streak()) + 1 : 0;
    boolean flip = streak >= confirmChecks;
    return new Step(
        new Replica(
            lag.site(), flip != breached, flip ? 0 : streak, lag.lagMillis(), lag.source(), now),
        flip);
  }

  record Step(Replica replica, boolean flipped) {}
}
