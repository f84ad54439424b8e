package dev.standby.load;

import dev.standby.activities.CurrentActivity;
import dev.standby.model.practice.FrontDoorSample;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes through the front door for a fixed time and keeps what production users would feel: every
 * answer's latency, every error, and which site acknowledged. A practice failover holds the slices
 * it takes while it runs against the one it took before.
 */
public final class FrontDoorLatencyLoad {
  private static final long PAUSE_AFTER_ERROR_MILLIS = 20;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  public FrontDoorSample run(URI url, String body, String siteHeader, int writers, long millis) {
    long started = System.currentTimeMillis();
    long deadline = started + millis;
    Map<Integer, AtomicLong> latencies = new ConcurrentHashMap<>();
    Map<String, AtomicLong> bySite = new ConcurrentHashMap<>();
    AtomicLong acknowledged = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      Thread t =
          new Thread(
              () -> {
                while (System.currentTimeMillis() < deadline
                    && !Thread.currentThread().isInterrupted()) {
                  long sent = System.nanoTime();
                  try {
                    HttpResponse<Void> r =
                        http.send(
                            HttpRequest.newBuilder(url)
                                .timeout(Duration.ofSeconds(2))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                            HttpResponse.BodyHandlers.discarding());
                    int tenths = (int) ((System.nanoTime() - sent) / 100_000);
                    if (r.statusCode() / 100 == 2) {
                      acknowledged.incrementAndGet();
                      latencies.computeIfAbsent(tenths, k -> new AtomicLong()).incrementAndGet();
                      bySite
                          .computeIfAbsent(
                              r.headers().firstValue(siteHeader).orElse("?"), k -> new AtomicLong())
                          .incrementAndGet();
                      continue;
                    }
                  } catch (InterruptedException e) {
                    return;
                  } catch (IOException | RuntimeException e) {
                    // counted below: an answer that never came is an error a user saw
                  }
                  errors.incrementAndGet();
                  sleep(PAUSE_AFTER_ERROR_MILLIS);
                }
              },
              "front-door-writer-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    try {
      for (Thread t : threads) {
        while (t.isAlive()) {
          t.join(1000);
          CurrentActivity.heartbeat(acknowledged.get() + " acknowledged, " + errors + " errors");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException canceled) {
      // The heartbeat says the drill was canceled: stop writing at once.
      threads.forEach(Thread::interrupt);
      throw canceled;
    }
    Map<Integer, Long> histogram = new TreeMap<>();
    latencies.forEach((k, v) -> histogram.put(k, v.get()));
    Map<String, Long> sites = new TreeMap<>();
    bySite.forEach((k, v) -> sites.put(k, v.get()));
    return new FrontDoorSample(
        started, System.currentTimeMillis(), acknowledged.get(), errors.get(), sites, histogram);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
