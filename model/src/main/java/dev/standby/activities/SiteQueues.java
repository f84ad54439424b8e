package dev.standby.activities;

/**
 * The task queue of each site's own host. Activities that need a database's host (pg_ctl,
 * pg_rewind, killing a server, lab faults) are scheduled there, on {@code standby-<site>}, and only
 * a worker on that host (started with {@code --site <site>}) or a worker told to serve the site
 * ({@code --serve-sites}) takes them; everything else runs on the central queue.
 */
public final class SiteQueues {
  public static final String PREFIX = "standby-";

  private SiteQueues() {}

  /** {@code standby-<site>}. */
  public static String of(String site) {
    return PREFIX + site;
  }

  /** The site whose queue this is, or null for any other queue (the central one). */
  public static String siteOf(String taskQueue) {
    return taskQueue != null && taskQueue.startsWith(PREFIX)
        ? taskQueue.substring(PREFIX.length())
        : null;
  }
}
