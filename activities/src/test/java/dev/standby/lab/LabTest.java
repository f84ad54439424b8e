package dev.standby.lab;

import static dev.standby.lab.Lab.SITE_A;
import static dev.standby.lab.Lab.SITE_B;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.standby.topology.ServiceTopology;
import dev.standby.topology.Topology;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lab itself: replication, the apps, HAProxy weights, the topology, and a clean stop. The tests
 * share one lab (without Temporal, quicker to start) and each puts back what it changes; the one
 * that stops a lab stops a lab of its own, with Temporal, and checks Temporal's part of the
 * topology too.
 */
class LabTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  // One client, HTTP/1.1 keep-alive: the weight split must hold for reused connections too.
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  @RegisterExtension static final LabExtension labs = LabExtension.withoutTemporal();
  private Lab lab;

  @org.junit.jupiter.api.BeforeEach
  void theSharedLab() {
    lab = labs.get();
  }

  @Test
  void siteBIsAStreamingReplicaOfSiteA() throws Exception {
    try (Connection b = lab.jdbc(SITE_B);
        Statement sql = b.createStatement();
        ResultSet rs = sql.executeQuery("SELECT pg_is_in_recovery()")) {
      rs.next();
      assertThat(rs.getBoolean(1)).as("site-b in recovery").isTrue();
    }
    try (Connection a = lab.jdbc(SITE_A);
        Statement sql = a.createStatement();
        ResultSet rs =
            sql.executeQuery("SELECT application_name, state FROM pg_stat_replication")) {
      assertThat(rs.next()).as("a replica in site-a's pg_stat_replication").isTrue();
      assertThat(rs.getString("application_name")).isEqualTo(SITE_B);
      assertThat(rs.getString("state")).isEqualTo("streaming");
    }
  }

  @Test
  void anOrderWrittenThroughTheFrontDoorReachesSiteB() throws Exception {
    HttpResponse<String> created =
        send(
            HttpRequest.newBuilder(URI.create(lab.frontDoorUrl() + "/orders"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"lab-test\"}"))
                .build());
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("X-Standby-Site")).hasValue(SITE_A);
    JsonNode order = JSON.readTree(created.body());
    assertThat(order.path("site").asText()).isEqualTo(SITE_A);
    assertThat(order.path("createdAt").asText()).isNotBlank();
    long seq = order.path("seq").asLong();

    // Replicated, not timed: once site-b has replayed site-a's WAL up to now, the order is there.
    String written = query(SITE_A, "SELECT pg_current_wal_lsn()::text");
    Awaitility.await("site-b replays up to " + written)
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                "t"
                    .equals(
                        query(
                            SITE_B,
                            "SELECT pg_last_wal_replay_lsn() >= '" + written + "'::pg_lsn")));
    try (Connection b = lab.jdbc(SITE_B);
        PreparedStatement find =
            b.prepareStatement("SELECT site, item FROM orders WHERE seq = ?")) {
      find.setLong(1, seq);
      try (ResultSet rs = find.executeQuery()) {
        assertThat(rs.next()).as("order %d on site-b", seq).isTrue();
        assertThat(rs.getString("site")).isEqualTo(SITE_A);
        assertThat(rs.getString("item")).isEqualTo("lab-test");
      }
    }
    HttpResponse<String> readBack = get(lab.appUrl(SITE_B) + "/orders/" + seq);
    assertThat(readBack.statusCode()).as("site-b's app reads its replica").isEqualTo(200);
    assertThat(get(lab.appUrl(SITE_A) + "/orders/999999999").statusCode()).isEqualTo(404);
  }

  @Test
  void bothAppsWriteToThePrimaryAndSayWhoseDatabaseThatIs() throws Exception {
    HttpResponse<String> a = get(lab.appUrl(SITE_A) + "/health");
    assertThat(a.statusCode()).isEqualTo(200);
    assertThat(a.headers().firstValue("X-Standby-Site")).hasValue(SITE_A);
    assertThat(JSON.readTree(a.body()))
        .isEqualTo(
            JSON.readTree(
                "{\"status\":\"ok\",\"database\":\"healthy\",\"cache\":\"healthy\",\"site\":\"site-a\",\"writer\":{\"site\":\"site-a\"}}"));

    // Site B's own database is a replica: its writer endpoint skips it and reaches site A's
    // primary.
    HttpResponse<String> b = get(lab.appUrl(SITE_B) + "/health");
    assertThat(b.statusCode()).isEqualTo(200);
    assertThat(b.headers().firstValue("X-Standby-Site")).hasValue(SITE_B);
    assertThat(JSON.readTree(b.body()).path("writer").path("site").asText()).isEqualTo(SITE_A);
    HttpResponse<String> order =
        send(
            HttpRequest.newBuilder(URI.create(lab.appUrl(SITE_B) + "/orders"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
    assertThat(order.statusCode()).isEqualTo(201);
    assertThat(JSON.readTree(order.body()).path("site").asText()).isEqualTo(SITE_B);
    assertThat(JSON.readTree(order.body()).path("databaseSite").asText()).isEqualTo(SITE_A);
  }

  @Test
  void aFencedPrimaryIsNeverPickedAsTheWriter() throws Exception {
    try (Connection a = lab.jdbc(SITE_A);
        Statement sql = a.createStatement()) {
      sql.execute("ALTER SYSTEM SET default_transaction_read_only = on");
      sql.execute("SELECT pg_reload_conf()");
    }
    try {
      awaitNewSessionsSee("on"); // a reload is asynchronous
      for (String site : lab.sites()) {
        HttpResponse<String> health = get(lab.appUrl(site) + "/health");
        assertThat(health.statusCode())
            .as(site + " health with no writable database")
            .isEqualTo(503);
        assertThat(JSON.readTree(health.body()).path("database").asText()).isEqualTo("read-only");
        HttpResponse<String> order =
            send(
                HttpRequest.newBuilder(URI.create(lab.appUrl(site) + "/orders"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build());
        assertThat(order.statusCode()).as(site + " order with no writable database").isEqualTo(503);
      }
    } finally {
      try (Connection a = lab.jdbc(SITE_A);
          Statement sql = a.createStatement()) {
        sql.execute("ALTER SYSTEM RESET default_transaction_read_only");
        sql.execute("SELECT pg_reload_conf()");
      }
      awaitNewSessionsSee("off");
    }
  }

  @Test
  void weightsSetThroughTheRuntimeApiSplitRealRequests() throws Exception {
    String backend = lab.haproxyBackend();
    lab.haproxyCommand("set server " + backend + "/site-a weight 100");
    lab.haproxyCommand("set server " + backend + "/site-b weight 0");
    assertThat(lab.haproxyCommand("get weight " + backend + "/site-b")).startsWith("0 ");
    assertThat(split(20)).containsExactly(Map.entry(SITE_A, 20));

    lab.haproxyCommand("set server " + backend + "/site-a weight 10");
    lab.haproxyCommand("set server " + backend + "/site-b weight 90");
    Map<String, Integer> split = split(200);
    assertThat(split.getOrDefault(SITE_A, 0))
        .as("site-a's share of 200 at 10/90: %s", split)
        .isBetween(10, 30);
    assertThat(split.getOrDefault(SITE_B, 0))
        .as("site-b's share of 200 at 10/90: %s", split)
        .isBetween(170, 190);

    lab.haproxyCommand("set server " + backend + "/site-a weight 100");
    lab.haproxyCommand("set server " + backend + "/site-b weight 0");
    assertThat(split(20)).containsExactly(Map.entry(SITE_A, 20));
  }

  @Test
  void theTopologyDescribesThisLab() {
    Topology topology = lab.topology();
    ServiceTopology payments = topology.service("payments");
    assertThat(payments.traffic().admin()).isEqualTo(lab.haproxyAdmin());
    assertThat(payments.traffic().frontDoor()).isEqualTo(lab.frontDoorUrl());
    for (String site : lab.sites()) {
      assertThat(payments.sites().get(site).app()).isEqualTo(lab.appUrl(site));
      assertThat(payments.sites().get(site).database().url()).isEqualTo(lab.jdbcUrl(site));
    }
  }

  @Test
  void stoppedAndStartedAppsComeBackOnTheirPort() throws Exception {
    long before = lab.pids().get("app-site-b");
    lab.stopApp(SITE_B);
    try {
      assertThat(running(before)).isFalse();
    } finally {
      lab.startApp(SITE_B);
    }
    assertThat(lab.pids().get("app-site-b")).isNotEqualTo(before);
    assertThat(get(lab.appUrl(SITE_B) + "/health").headers().firstValue("X-Standby-Site"))
        .hasValue(SITE_B);
  }

  @Test
  void aLabWithTemporalNamesItInTheTopologyAndCloseLeavesNoLabProcessBehind() throws IOException {
    Lab closing = Lab.start("LabTest-close"); // not the shared one: closed here
    Map<String, Long> pids;
    Path dir;
    try {
      assertThat(closing.topology().temporal().target()).isEqualTo(closing.temporalTarget());
      pids = closing.pids();
      assertThat(pids)
          .containsOnlyKeys(
              "temporal", "haproxy", "app-site-a", "app-site-b", "pg-site-a", "pg-site-b");
      assertThat(pids.values()).allMatch(LabTest::running);
      dir = closing.dir();
    } finally {
      closing.close();
    }

    assertThat(pids.values()).noneMatch(LabTest::running);
    assertThat(Files.exists(dir)).as("lab dir removed").isFalse();
  }

  /** One value from a fresh session on the site's database. */
  private String query(String site, String sql) throws Exception {
    try (Connection c = lab.jdbc(site);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /**
   * Until a new session on site-a sees default_transaction_read_only as {@code value}
   * (pg_reload_conf is async).
   */
  private void awaitNewSessionsSee(String value) {
    Awaitility.await("site-a's new sessions see default_transaction_read_only = " + value)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> value.equals(query(SITE_A, "SHOW default_transaction_read_only")));
  }

  /** Which site answered each of n requests through the front door (a cheap route, no database). */
  private Map<String, Integer> split(int requests) throws Exception {
    Map<String, Integer> bySite = new TreeMap<>();
    for (int i = 0; i < requests; i++) {
      HttpResponse<String> response = get(lab.frontDoorUrl() + "/admin/fault");
      bySite.merge(response.headers().firstValue("X-Standby-Site").orElse("none"), 1, Integer::sum);
    }
    return bySite;
  }

  private HttpResponse<String> get(String url) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(
        HttpRequest.newBuilder(request.uri())
            .method(
                request.method(),
                request.bodyPublisher().orElse(HttpRequest.BodyPublishers.noBody()))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Alive and not a zombie (an exited child nobody reaped yet still has a pid). */
  private static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException gone) {
      return false;
    }
  }
}
