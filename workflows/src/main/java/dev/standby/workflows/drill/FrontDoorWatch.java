package dev.standby.workflows.drill;

import dev.standby.activities.WriteLoadActivities;
import dev.standby.model.practice.FrontDoorSample;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes through the front door in back-to-back slices for as long as a practice runs, so the
 * practice can show what production saw meanwhile. Slices rather than one long load: a worker that
 * dies loses one slice (counted as a gap), not the whole measurement, and the load stops within a
 * slice of being told to.
 */
final class FrontDoorWatch {
  private final WriteLoadActivities writeLoad = Workflow.newActivityStub(WriteLoadActivities.class);
  private final List<FrontDoorSample> samples = new ArrayList<>();
  private final String service;
  private final int writers;
  private final long sliceMillis;
  private boolean stopping;
  private int gaps;
  private Promise<Void> loop;

  private FrontDoorWatch(String service, int writers, long sliceMillis) {
    this.service = service;
    this.writers = writers;
    this.sliceMillis = sliceMillis;
  }

  static FrontDoorWatch start(String service, int writers, long sliceMillis) {
    FrontDoorWatch watch = new FrontDoorWatch(service, writers, sliceMillis);
    watch.loop = Async.procedure(watch::measure);
    return watch;
  }

  private void measure() {
    while (!stopping && !CancellationScope.current().isCancelRequested()) {
      try {
        samples.add(writeLoad.sample(service, writers, sliceMillis));
      } catch (ActivityFailure | CanceledFailure e) {
        if (CancellationScope.current().isCancelRequested()) {
          return;
        }
        gaps++;
      }
    }
  }

  /** Ends the load after its current slice and returns all it saw as one sample (null: none). */
  FrontDoorSample finish() {
    stopping = true;
    try {
      loop.get();
    } catch (RuntimeException canceled) {
      // A canceled drill's loop ends with the cancellation: what it measured before still counts.
    }
    return FrontDoorSample.merge(samples);
  }

  /** Slices lost to a worker that died while sending them. */
  int gaps() {
    return gaps;
  }
}
