package dev.standby.activities.impl;

import dev.standby.activities.CurrentActivity;
import dev.standby.activities.SiteQueues;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;

/**
 * Refuses a host activity taken from another site's queue. On the wrong machine a host activity
 * does not fail, it is wrong: isolating site-a on site-b's host finds no server there and reports
 * site-a dead while it may still take writes. Outside an activity, or on the central queue (one
 * worker serving every queue on one machine), there is nothing to check.
 */
final class OwnHost {
  private OwnHost() {}

  static void require(String site, String what) {
    String queueSite = CurrentActivity.taskQueue().map(SiteQueues::siteOf).orElse(null);
    if (queueSite != null && !queueSite.equals(site)) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          what
              + " of "
              + site
              + " was scheduled on "
              + SiteQueues.of(queueSite)
              + ", the queue of "
              + queueSite
              + "'s host: it must run on "
              + SiteQueues.of(site));
    }
  }
}
