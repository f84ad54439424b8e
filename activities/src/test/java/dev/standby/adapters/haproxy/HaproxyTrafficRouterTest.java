package dev.standby.adapters.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.standby.adapters.postgres.PostgresDatabaseAdapter;
import dev.standby.lab.Lab;
import dev.standby.lab.LabExtension;
import dev.standby.model.FailureType;
import dev.standby.model.traffic.ServingReport;
import dev.standby.topology.ServiceTopology;
import dev.standby.traffic.OneShotHttpGet;
import dev.standby.traffic.ServingVerifier;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router and the verifier against the lab's HAProxy and sample apps, on one lab that each test
 * first puts back to weights 100/0 and no injected faults. The test that promotes site-b brings a
 * lab of its own.
 */
class HaproxyTrafficRouterTest {
  private static final Logger log = LoggerFactory.getLogger(HaproxyTrafficRouterTest.class);
  @RegisterExtension static final LabExtension lab = LabExtension.withoutTemporal();
  ServiceTopology payments;
  final HaproxyTrafficRouter router = new HaproxyTrafficRouter();
  final ServingVerifier verifier = new ServingVerifier();

  @BeforeEach
  void allTrafficToSiteAAndNoFaults() throws Exception {
    payments = lab.get().topology().service("payments");
    // Through the runtime API, not the router under test, so readsTheWeightsBySite reads what
    // HAProxy holds.
    lab.get().haproxyCommand("set server " + lab.get().haproxyBackend() + "/site-a weight 100");
    lab.get().haproxyCommand("set server " + lab.get().haproxyBackend() + "/site-b weight 0");
    fault("site-a", "{\"health\":\"ok\"}");
    fault("site-b", "{\"health\":\"ok\"}");
  }

  @Test
  void readsTheWeightsBySite() {
    assertThat(router.weights(payments))
        .containsExactly(Map.entry("site-a", 100), Map.entry("site-b", 0));
  }

  @Test
  void tenNinetySendsATenthOfRealRequestsToSiteA() throws IOException {
    Map<String, Integer> set = router.setWeights(payments, Map.of("site-a", 10, "site-b", 90));
    Map<String, Integer> landed = send(200);
    log.info("MEASURED 200 requests through the front door at weights 10/90: {}", landed);

    assertThat(set).containsExactly(Map.entry("site-a", 10), Map.entry("site-b", 90));
    assertThat(landed.get("site-a")).isBetween(15, 25);
    assertThat(landed.get("site-b")).isBetween(175, 185);
    assertThat(landed.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(200);
  }

  @Test
  void settingTheWeightsInPlaceChangesNothing() {
    router.setWeights(payments, Map.of("site-a", 10, "site-b", 90));

    assertThat(router.setWeights(payments, Map.of("site-a", 10, "site-b", 90)))
        .containsExactly(Map.entry("site-a", 10), Map.entry("site-b", 90));
  }

  @Test
  void badWeightsAreRejectedWithTheReasonAndChangeNothing() {
    router.setWeights(payments, Map.of("site-a", 10, "site-b", 90));
    Map<String, Integer> nullWeight = new HashMap<>();
    nullWeight.put("site-a", null);
    nullWeight.put("site-b", 100);

    assertThat(rejection(Map.of("site-a", 10, "site-c", 90)))
        .contains(
            "'site-c' is not a site of payments", "every site needs a weight, missing: site-b");
    assertThat(rejection(Map.of("site-a", -10, "site-b", 110)))
        .contains(
            "site-a: weight -10 is not between 0 and 100",
            "site-b: weight 110 is not between 0 and 100");
    assertThat(rejection(Map.of("site-a", 50, "site-b", 60)))
        .contains("weights must add up to 100, they add up to 110");
    assertThat(rejection(nullWeight)).contains("site-a: weight null is not between 0 and 100");
    assertThat(rejection(Map.of())).contains("no weights given");
    assertThat(router.weights(payments))
        .containsExactly(Map.entry("site-a", 10), Map.entry("site-b", 90));
  }

  @Test
  void verificationPassesWhenEveryRequestLandsOnTheExpectedSite() {
    router.setWeights(payments, Map.of("site-a", 100, "site-b", 0));
    long before = System.currentTimeMillis();
    ServingReport report = verifier.verify(payments, "site-a", 20);

    assertThat(report.allServedByExpected()).isTrue();
    assertThat(report.servedBySite()).containsExactly(Map.entry("site-a", 20));
    assertThat(report.firstServedByExpectedAtMillis())
        .isBetween(before, System.currentTimeMillis());
  }

  @Test
  void verificationFailsWithWhatItSawWhenTheSiteNeverServesAlone() throws Exception {
    router.setWeights(payments, Map.of("site-a", 50, "site-b", 50));
    ServiceTopology impatient = withVerifyTimeout(payments, Duration.ofSeconds(1));
    fault("site-b", "{\"health\":\"fail\"}");
    long started = System.nanoTime();
    ApplicationFailure failure;
    try {
      // The give-up is bounded by a deadline far above the verify timeout, not timed: a 2-core box
      // stalls.
      failure =
          assertTimeoutPreemptively(
              Duration.ofSeconds(30),
              () ->
                  catchThrowableOfType(
                      ApplicationFailure.class, () -> verifier.verify(impatient, "site-a", 20)));
    } finally {
      fault("site-b", "{\"health\":\"ok\"}");
    }

    assertThat(failure.getType()).isEqualTo(FailureType.VERIFICATION_FAILED.type());
    assertThat(failure.isNonRetryable()).isTrue();
    // site-b's app is told to fail its health check: it answers /health with 500, which counts as
    // an error.
    assertThat(failure.getOriginalMessage())
        .contains(
            "no 20 requests in a row answered by site-a",
            "within 1000 ms",
            "last error: HTTP 500 from site-b");
    ServingReport seen = failure.getDetails().get(ServingReport.class);
    assertThat(seen.requests()).as("the last 20, or fewer if fewer were sent").isBetween(2, 20);
    assertThat(seen.errors()).isPositive();
    assertThat(seen.servedBy("site-a")).isPositive().isEqualTo(seen.requests() - seen.errors());
    assertThat((System.nanoTime() - started) / 1_000_000)
        .as("it tried for its whole timeout")
        .isGreaterThanOrEqualTo(1_000L);
  }

  @Test
  void verificationWaitsUntilThePromotedSiteServes() throws Exception {
    // Promoting site-b cannot be undone: a lab of this test's own.
    try (Lab own = Lab.start(HaproxyTrafficRouterTest.class.getSimpleName() + "-promote", false)) {
      verificationWaitsUntilThePromotedSiteServes(own, own.topology().service("payments"));
    }
  }

  private void verificationWaitsUntilThePromotedSiteServes(Lab own, ServiceTopology payments)
      throws Exception {
    router.setWeights(payments, Map.of("site-a", 0, "site-b", 100));
    // With site-a fenced no database takes writes, so site-b's app answers 503 until site-b is
    // promoted.
    new PostgresDatabaseAdapter().fence("site-a", payments.site("site-a").database());
    long refusedBefore = serverErrors(own, "site-b");
    CompletableFuture<ServingReport> verifying =
        CompletableFuture.supplyAsync(() -> verifier.verify(payments, "site-b", 20));
    // HAProxy counts site-b's 503s: once one is counted, the verifier's streak is broken and it
    // cannot be done
    // before the promotion (no 20 successes in a row are possible without a writable database).
    Awaitility.await("site-b refuses a request while no database takes writes")
        .atMost(Duration.ofSeconds(30))
        .until(() -> serverErrors(own, "site-b") > refusedBefore);
    assertThat(verifying).as("site-b answers 503 while no database takes writes").isNotDone();

    long promoting = System.currentTimeMillis();
    new PostgresDatabaseAdapter().promote("site-b", payments.site("site-b").database());
    long promoted = System.currentTimeMillis();
    ServingReport report = verifying.get(60, TimeUnit.SECONDS);
    log.info(
        "MEASURED promote took {} ms; first 200 from site-b through the front door {} ms after promote began, "
            + "20 in a row {} ms after",
        promoted - promoting,
        report.firstServedByExpectedAtMillis() - promoting,
        System.currentTimeMillis() - promoting);

    assertThat(report.allServedByExpected()).isTrue();
    assertThat(report.servedBySite()).containsExactly(Map.entry("site-b", 20));
    // The app sees the database as primary a little before pg_promote(wait => true) returns.
    assertThat(report.firstServedByExpectedAtMillis()).isGreaterThan(promoting);
  }

  /** HAProxy's count of 5xx answers from the site's server ({@code show stat}, column hrsp_5xx). */
  private static long serverErrors(Lab lab, String site) {
    String[] lines = lab.haproxyCommand("show stat").split("\n");
    List<String> columns = List.of(lines[0].replaceFirst("^# ", "").split(","));
    for (String line : lines) {
      String[] fields = line.split(",", -1);
      if (fields.length > 1 && fields[0].equals(lab.haproxyBackend()) && fields[1].equals(site)) {
        return Long.parseLong(fields[columns.indexOf("hrsp_5xx")]);
      }
    }
    throw new AssertionError(
        "no server " + site + " in HAProxy's stats:\n" + String.join("\n", lines));
  }

  private String rejection(Map<String, Integer> weights) {
    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> router.setWeights(payments, weights));
    assertThat(failure.getType()).isEqualTo(FailureType.INVALID_INPUT.type());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("rejected, nothing changed");
    return failure.getOriginalMessage();
  }

  /** Sets the site's app's injected faults through its admin endpoint. */
  private void fault(String site, String json) throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(URI.create(payments.site(site).app() + "/admin/fault"))
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    int status =
        HttpClient.newHttpClient()
            .send(request, HttpResponse.BodyHandlers.discarding())
            .statusCode();
    assertThat(status).as("fault " + json + " on " + site).isEqualTo(200);
  }

  /**
   * Which site answered each of {@code n} requests, whatever its status: the split is about
   * routing.
   */
  private Map<String, Integer> send(int n) throws IOException {
    Map<String, Integer> landed = new TreeMap<>();
    URI uri = URI.create(payments.traffic().frontDoor() + payments.verify().path());
    for (int i = 0; i < n; i++) {
      OneShotHttpGet.Answer answer = OneShotHttpGet.get(uri, Duration.ofSeconds(5));
      landed.merge(answer.headers().getOrDefault("x-standby-site", "none"), 1, Integer::sum);
    }
    return landed;
  }

  private static ServiceTopology withVerifyTimeout(ServiceTopology s, Duration timeout) {
    var v = s.verify();
    return new ServiceTopology(
        s.name(),
        s.primarySite(),
        s.rto(),
        s.rpo(),
        s.health(),
        s.monitor(),
        new ServiceTopology.Verify(v.path(), v.requests(), v.siteHeader(), timeout),
        s.traffic(),
        s.sites());
  }
}
