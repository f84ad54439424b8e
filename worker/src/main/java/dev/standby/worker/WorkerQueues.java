package dev.standby.worker;

import dev.standby.activities.SiteQueues;
import dev.standby.topology.Topology;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The task queues a worker polls. The central worker polls the topology's queue: every workflow and
 * every activity that reaches things over the network (probes, SQL, cloud APIs, routers,
 * notifications). A site worker, started with {@code --site <site>} on that site's host, polls only
 * {@code standby-<site>}: the activities that need the host (fence by stopping the server, isolate,
 * resync, lab faults). On one machine that is every site's host (the lab, the demo), the central
 * worker also polls the site queues it is given with {@code --serve-sites}.
 *
 * @param central whether this worker polls the central queue
 * @param sites the sites whose own queues it polls
 */
public record WorkerQueues(boolean central, List<String> sites) {
  public WorkerQueues {
    sites = List.copyOf(sites);
    if (!central && sites.isEmpty()) {
      throw new IllegalArgumentException("a worker must poll the central queue or a site's queue");
    }
  }

  /** The central queue and every site's queue: one process on one machine. */
  public static WorkerQueues everything(Topology topology) {
    return new WorkerQueues(true, List.copyOf(topology.sites().keySet()));
  }

  /** The central queue only: the sites' own workers run on their hosts. */
  public static WorkerQueues centralOnly() {
    return new WorkerQueues(true, List.of());
  }

  /**
   * From the command line: {@code --site SITE} (a site worker) or {@code --serve-sites
   * all|none|A,B} (the central worker, and which sites' queues it polls too; none by default).
   * Every site must be one of the topology's: an unknown one is refused, naming the known ones,
   * before anything starts.
   */
  public static WorkerQueues parse(String site, String serveSites, Topology topology) {
    Set<String> known = topology.sites().keySet();
    if (site != null) {
      if (serveSites != null) {
        throw new IllegalArgumentException(
            "--site and --serve-sites exclude each other: a site worker serves its own site only");
      }
      return new WorkerQueues(false, List.of(known(site, "--site", known)));
    }
    if (serveSites == null || serveSites.equals("none")) {
      return centralOnly();
    }
    if (serveSites.equals("all")) {
      return everything(topology);
    }
    Set<String> sites = new LinkedHashSet<>();
    for (String name : serveSites.split(",")) {
      sites.add(known(name.trim(), "--serve-sites", known));
    }
    return new WorkerQueues(true, new ArrayList<>(sites));
  }

  private static String known(String site, String option, Set<String> known) {
    if (!known.contains(site)) {
      throw new IllegalArgumentException(
          option
              + ": unknown site '"
              + site
              + "' (the topology's sites: "
              + String.join(", ", known)
              + ")");
    }
    return site;
  }

  /** The site queues polled, {@code standby-<site>} each. */
  public List<String> siteQueues() {
    return sites.stream().map(SiteQueues::of).toList();
  }

  /**
   * For logs and the worker's identity: {@code central}, {@code site-a}, {@code
   * central+site-a,site-b}.
   */
  public String describe() {
    if (!central) {
      return String.join(",", sites);
    }
    return sites.isEmpty() ? "central" : "central+" + String.join(",", sites);
  }
}
