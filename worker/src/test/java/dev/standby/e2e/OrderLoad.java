package dev.standby.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Writes orders through the front door without pause and remembers every acknowledgement: the
 * sequence number, which site answered and when. From those, a test counts exactly which
 * acknowledged writes a database does not have. Connections are kept alive: the lab's HAProxy
 * balances every request on its own.
 */
public final class OrderLoad implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One acknowledged order: the app answered 201 only after its database committed it. */
  public record Ack(long seq, String site, long sentAtMillis, long ackedAtMillis) {}

  /**
   * One request that did not end in an acknowledgement, and who answered it if anyone did (status
   * 0: nobody).
   */
  public record Refusal(String site, int status, long sentAtMillis, long atMillis, String error) {}

  private final URI orders;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Refusal> refusals = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> writers = new ArrayList<>();

  private OrderLoad(String frontDoor) {
    this.orders = URI.create(frontDoor + "/orders");
  }

  /** Starts {@code writers} threads, each writing one order after another. */
  public static OrderLoad start(String frontDoor, int writers) {
    OrderLoad load = new OrderLoad(frontDoor);
    for (int i = 0; i < writers; i++) {
      Thread t = new Thread(load::writeUntilStopped, "order-writer-" + i);
      t.setDaemon(true);
      load.writers.add(t);
      t.start();
    }
    return load;
  }

  private void writeUntilStopped() {
    while (running.get()) {
      HttpRequest request =
          HttpRequest.newBuilder(orders)
              .timeout(Duration.ofSeconds(2))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"load\"}"))
              .build();
      long sent = System.currentTimeMillis();
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        long now = System.currentTimeMillis();
        String site = response.headers().firstValue("X-Standby-Site").orElse(null);
        if (response.statusCode() == 201) {
          JsonNode body = JSON.readTree(response.body());
          acks.add(new Ack(body.path("seq").asLong(), body.path("site").asText(site), sent, now));
        } else {
          refusals.add(new Refusal(site, response.statusCode(), sent, now, response.body()));
          pause();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        refusals.add(new Refusal(null, 0, sent, System.currentTimeMillis(), e.toString()));
        pause();
      }
    }
  }

  /**
   * A failing site answers at once; back off a little so the failure does not become a busy loop.
   */
  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public void stop() {
    running.set(false);
    for (Thread t : writers) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * Until {@code n} acknowledgements match {@code counted}: the event a test waits for instead of a
   * fixed pause (orders flowing before a failover, orders served after a switch). Fails after a
   * minute.
   */
  public void awaitAcks(String what, java.util.function.Predicate<Ack> counted, int n) {
    org.awaitility.Awaitility.await(n + " acknowledged orders " + what)
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> acks().stream().filter(counted).count() >= n);
  }

  public List<Ack> acks() {
    return acks.stream().sorted(Comparator.comparingLong(Ack::ackedAtMillis)).toList();
  }

  public List<Refusal> refusals() {
    return List.copyOf(refusals);
  }

  public Map<String, Long> acksBySite() {
    return acks.stream().collect(Collectors.groupingBy(Ack::site, Collectors.counting()));
  }

  /** The first order acknowledged by {@code site} at or after {@code sinceMillis}. */
  public Optional<Ack> firstAckBy(String site, long sinceMillis) {
    return acks().stream()
        .filter(a -> a.site().equals(site) && a.ackedAtMillis() >= sinceMillis)
        .findFirst();
  }

  /**
   * The acknowledged orders whose sequence numbers the database behind {@code connection} does not
   * have.
   */
  public List<Ack> missingFrom(Connection connection) throws SQLException {
    TreeSet<Long> present = new TreeSet<>();
    try (PreparedStatement statement = connection.prepareStatement("SELECT seq FROM orders");
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        present.add(rows.getLong(1));
      }
    }
    return acks().stream().filter(a -> !present.contains(a.seq())).toList();
  }
}
