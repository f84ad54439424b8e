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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/** The lab itself: replication, the apps, HAProxy weights, the topology, and a clean stop. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class LabTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  // One client, HTTP/1.1 keep-alive: the weight split must hold for reused connections too.
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();
  private Lab lab;

  @BeforeAll
  void startLab() {
    lab = Lab.start("LabTest");
  }

  @AfterAll
  void stopLab() {
    lab.close();  // no-op when the last test closed it already
  }

  @Test
  @Order(1)
  void siteBIsAStreamingReplicaOfSiteA() throws Exception {
    try (Connection b = lab.jdbc(SITE_B); Statement sql = b.createStatement();
         ResultSet rs = sql.executeQuery("SELECT pg_is_in_recovery()")) {
      rs.next();
      assertThat(rs.getBoolean(1)).as("site-b in recovery").isTrue();
    }
    try (Connection a = lab.jdbc(SITE_A); Statement sql = a.createStatement();
         ResultSet rs = sql.executeQuery("SELECT application_name, state FROM pg_stat_replication")) {
      assertThat(rs.next()).as("a replica in site-a's pg_stat_replication").isTrue();
      assertThat(rs.getString("application_name")).isEqualTo(SITE_B);
      assertThat(rs.getString("state")).isEqualTo("streaming");
    }
  }

  @Test
  @Order(2)
  void anOrderWrittenThroughTheFrontDoorReachesSiteBWithinASecond() throws Exception {
    HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(lab.frontDoorUrl() + "/orders"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"lab-test\"}")).build());
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("X-Standby-Site")).hasValue(SITE_A);
    JsonNode order = JSON.readTree(created.body());
    assertThat(order.path("site").asText()).isEqualTo(SITE_A);
    assertThat(order.path("createdAt").asText()).isNotBlank();
    long seq = order.path("seq").asLong();

    long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    try (Connection b = lab.jdbc(SITE_B);
         PreparedStatement find = b.prepareStatement("SELECT site, item FROM orders WHERE seq = ?")) {
      find.setLong(1, seq);
      while (true) {
        try (ResultSet rs = find.executeQuery()) {
          if (rs.next()) {
            assertThat(rs.getString("site")).isEqualTo(SITE_A);
            assertThat(rs.getString("item")).isEqualTo("lab-test");
            break;
          }
        }
        assertThat(System.nanoTime()).as("order %d replicated to site-b within 1s", seq).isLessThan(deadline);
        Thread.sleep(20);
      }
    }
    HttpResponse<String> readBack = get(lab.appUrl(SITE_B) + "/orders/" + seq);
    assertThat(readBack.statusCode()).as("site-b's app reads its replica").isEqualTo(200);
    assertThat(get(lab.appUrl(SITE_A) + "/orders/999999999").statusCode()).isEqualTo(404);
  }

  @Test
  @Order(3)
  void bothAppsWriteToThePrimaryAndSayWhoseDatabaseThatIs() throws Exception {
    HttpResponse<String> a = get(lab.appUrl(SITE_A) + "/health");
    assertThat(a.statusCode()).isEqualTo(200);
    assertThat(a.headers().firstValue("X-Standby-Site")).hasValue(SITE_A);
    assertThat(JSON.readTree(a.body())).isEqualTo(JSON.readTree(
        "{\"status\":\"ok\",\"database\":\"healthy\",\"cache\":\"healthy\",\"site\":\"site-a\",\"writer\":{\"site\":\"site-a\"}}"));

    // Site B's own database is a replica: its writer endpoint skips it and reaches site A's primary.
    HttpResponse<String> b = get(lab.appUrl(SITE_B) + "/health");
    assertThat(b.statusCode()).isEqualTo(200);
    assertThat(b.headers().firstValue("X-Standby-Site")).hasValue(SITE_B);
    assertThat(JSON.readTree(b.body()).path("writer").path("site").asText()).isEqualTo(SITE_A);
    HttpResponse<String> order = send(HttpRequest.newBuilder(URI.create(lab.appUrl(SITE_B) + "/orders"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    assertThat(order.statusCode()).isEqualTo(201);
    assertThat(JSON.readTree(order.body()).path("site").asText()).isEqualTo(SITE_B);
    assertThat(JSON.readTree(order.body()).path("databaseSite").asText()).isEqualTo(SITE_A);
  }

  @Test
  @Order(4)
  void aFencedPrimaryIsNeverPickedAsTheWriter() throws Exception {
    try (Connection a = lab.jdbc(SITE_A); Statement sql = a.createStatement()) {
      sql.execute("ALTER SYSTEM SET default_transaction_read_only = on");
      sql.execute("SELECT pg_reload_conf()");
    }
    try {
      Thread.sleep(300); // a reload is asynchronous: give new sessions a moment to see it
      for (String site : lab.sites()) {
        HttpResponse<String> health = get(lab.appUrl(site) + "/health");
        assertThat(health.statusCode()).as(site + " health with no writable database").isEqualTo(503);
        assertThat(JSON.readTree(health.body()).path("database").asText()).isEqualTo("read-only");
        HttpResponse<String> order = send(HttpRequest.newBuilder(URI.create(lab.appUrl(site) + "/orders"))
            .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(order.statusCode()).as(site + " order with no writable database").isEqualTo(503);
      }
    } finally {
      try (Connection a = lab.jdbc(SITE_A); Statement sql = a.createStatement()) {
        sql.execute("ALTER SYSTEM RESET default_transaction_read_only");
        sql.execute("SELECT pg_reload_conf()");
      }
      Thread.sleep(300);
    }
  }

  @Test
  @Order(5)
  void weightsSetThroughTheRuntimeApiSplitRealRequests() throws Exception {
    String backend = lab.haproxyBackend();
    assertThat(lab.haproxyCommand("get weight " + backend + "/site-b")).startsWith("0 ");
    assertThat(split(20)).containsExactly(Map.entry(SITE_A, 20));

    lab.haproxyCommand("set server " + backend + "/site-a weight 10");
    lab.haproxyCommand("set server " + backend + "/site-b weight 90");
    Map<String, Integer> split = split(200);
    assertThat(split.getOrDefault(SITE_A, 0)).as("site-a's share of 200 at 10/90: %s", split).isBetween(10, 30);
    assertThat(split.getOrDefault(SITE_B, 0)).as("site-b's share of 200 at 10/90: %s", split).isBetween(170, 190);

    lab.haproxyCommand("set server " + backend + "/site-a weight 100");
    lab.haproxyCommand("set server " + backend + "/site-b weight 0");
    assertThat(split(20)).containsExactly(Map.entry(SITE_A, 20));
  }

  @Test
  @Order(6)
  void theTopologyDescribesThisLab() {
    Topology topology = lab.topology();
    assertThat(topology.temporal().target()).isEqualTo(lab.temporalTarget());
    ServiceTopology payments = topology.service("payments");
    assertThat(payments.traffic().admin()).isEqualTo(lab.haproxyAdmin());
    assertThat(payments.traffic().frontDoor()).isEqualTo(lab.frontDoorUrl());
    for (String site : lab.sites()) {
      assertThat(payments.sites().get(site).app()).isEqualTo(lab.appUrl(site));
      assertThat(payments.sites().get(site).database().url()).isEqualTo(lab.jdbcUrl(site));
    }
  }

  @Test
  @Order(7)
  void stoppedAndStartedAppsComeBackOnTheirPort() throws Exception {
    long before = lab.pids().get("app-site-b");
    lab.stopApp(SITE_B);
    assertThat(running(before)).isFalse();
    lab.startApp(SITE_B);
    assertThat(lab.pids().get("app-site-b")).isNotEqualTo(before);
    assertThat(get(lab.appUrl(SITE_B) + "/health").headers().firstValue("X-Standby-Site")).hasValue(SITE_B);
  }

  @Test
  @Order(8)
  void closeLeavesNoLabProcessBehind() throws IOException {
    Map<String, Long> pids = lab.pids();
    assertThat(pids).containsOnlyKeys("temporal", "haproxy", "app-site-a", "app-site-b", "pg-site-a", "pg-site-b");
    assertThat(pids.values()).allMatch(LabTest::running);
    Path dir = lab.dir();

    lab.close();

    assertThat(pids.values()).noneMatch(LabTest::running);
    assertThat(Files.exists(dir)).as("lab dir removed").isFalse();
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
    return http.send(HttpRequest.newBuilder(request.uri()).method(request.method(),
            request.bodyPublisher().orElse(HttpRequest.BodyPublishers.noBody()))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
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
