package dev.standby.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.standby.topology.Topology;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Which queues a worker polls, from {@code --site} and {@code --serve-sites}. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class WorkerQueuesTest {
  private final Topology topology = topology("site-a", "site-b", "site-c");

  @Test
  void withNoOptionTheWorkerPollsTheCentralQueueOnly() {
    WorkerQueues queues = WorkerQueues.parse(null, null, topology);

    assertThat(queues.central()).isTrue();
    assertThat(queues.siteQueues()).isEmpty();
    assertThat(queues.describe()).isEqualTo("central");
  }

  @Test
  void aSiteWorkerPollsItsOwnSitesQueueOnly() {
    WorkerQueues queues = WorkerQueues.parse("site-b", null, topology);

    assertThat(queues.central()).isFalse();
    assertThat(queues.siteQueues()).containsExactly("standby-site-b");
    assertThat(queues.describe()).isEqualTo("site-b");
  }

  @Test
  void serveSitesAllAddsEverySitesQueueToTheCentralOne() {
    WorkerQueues all = WorkerQueues.parse(null, "all", topology);
    WorkerQueues some = WorkerQueues.parse(null, "site-c, site-a", topology);

    assertThat(all.central()).isTrue();
    assertThat(all.siteQueues())
        .containsExactly("standby-site-a", "standby-site-b", "standby-site-c");
    assertThat(some.siteQueues()).containsExactly("standby-site-c", "standby-site-a");
    assertThat(some.describe()).isEqualTo("central+site-c,site-a");
    assertThat(WorkerQueues.parse(null, "none", topology)).isEqualTo(WorkerQueues.centralOnly());
  }

  @Test
  void anUnknownSiteIsRefusedNamingTheKnownOnes() {
    assertThatThrownBy(() -> WorkerQueues.parse("nope", null, topology))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--site: unknown site 'nope' (the topology's sites: site-a, site-b, site-c)");
    assertThatThrownBy(() -> WorkerQueues.parse(null, "site-a,nope", topology))
        .hasMessageContaining("--serve-sites: unknown site 'nope'");
    assertThatThrownBy(() -> WorkerQueues.parse("site-a", "all", topology))
        .hasMessageContaining("--site and --serve-sites exclude each other");
  }

  private static Topology topology(String... sites) {
    Map<String, Topology.Site> bySite = new LinkedHashMap<>();
    for (String site : sites) {
      bySite.put(site, new Topology.Site(site, "lab", null));
    }
    return new Topology(
        new Topology.TemporalSettings("127.0.0.1:7233", "default", "standby", null),
        bySite,
        Map.of(),
        dev.standby.topology.RegionPlans.NONE);
  }

  @Test
  void theWorkerIdentityNamesTheQueuesItServes() {
    assertThat(StandbyWorker.identity(new WorkerQueues(false, List.of("site-a"))))
        .matches("\\d+@\\S+ site-a");
  }
}
