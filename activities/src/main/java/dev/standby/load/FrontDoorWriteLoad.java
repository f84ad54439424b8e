package dev.standby.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.standby.activities.CurrentActivity;
import dev.standby.model.drill.StopConditions;
import dev.standby.model.drill.WriteLoadPlan;
import dev.standby.model.drill.WriteLoadReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Writes through the front door without pause, as the end-to-end tests' order load does, and
 * remembers every acknowledgement: the write's sequence number, the site that answered and when.
 * The app acknowledges only after its database committed, so an acknowledged number the promoted
 * database lacks is a lost write.
 */
public final class FrontDoorWriteLoad {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A failing site answers at once: a short pause keeps a refusal from becoming a busy loop. */
  private static final long PAUSE_AFTER_REFUSAL_MILLIS = 20;

  private static final long TICK_MILLIS = 100;

  /** One acknowledged write. */
  public record Ack(long seq, String site, long sentAtMillis, long ackedAtMillis) {}

  private record Refusal(long atMillis) {}

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  /**
   * @param url the front door plus the write path
   * @param siteHeader the response header naming the site that answered
   * @param missingOnTarget which of the given sequence numbers the target's database does not have
   */
  public WriteLoadReport run(
      WriteLoadPlan plan,
      URI url,
      String body,
      String sequenceField,
      String siteHeader,
      Path journal,
      Function<List<Long>, List<Long>> missingOnTarget) {
    ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Refusal> refusals = new ConcurrentLinkedQueue<>();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> writers = new ArrayList<>();
    long started = System.currentTimeMillis();
    for (int i = 0; i < plan.writers(); i++) {
      Thread t =
          new Thread(
              () -> write(url, body, sequenceField, siteHeader, running, acks, refusals),
              "drill-writer-" + i);
      t.setDaemon(true);
      writers.add(t);
      t.start();
    }
    WriteLoadReport.StoppedBy stoppedBy;
    String guardDetail = null;
    try {
      while (true) {
        sleep(TICK_MILLIS);
        long now = System.currentTimeMillis();
        CurrentActivity.heartbeat(acks.size() + " acknowledged, " + refusals.size() + " refused");
        Long firstTarget = firstAckBy(acks, plan.targetSite());
        if (firstTarget != null && now - firstTarget >= plan.settleMillis()) {
          stoppedBy = WriteLoadReport.StoppedBy.SETTLED;
          break;
        }
        guardDetail = guardCrossed(plan.stop(), started, now, acks, refusals);
        if (guardDetail != null) {
          stoppedBy = WriteLoadReport.StoppedBy.GUARD;
          break;
        }
        if (now - started >= plan.maxMillis()) {
          stoppedBy = WriteLoadReport.StoppedBy.MAX_DURATION;
          break;
        }
      }
    } finally {
      running.set(false);
      writers.forEach(FrontDoorWriteLoad::join);
    }
    long ended = System.currentTimeMillis();
    List<Ack> sorted = acks.stream().sorted(Comparator.comparingLong(Ack::ackedAtMillis)).toList();
    if (journal != null) {
      writeJournal(journal, sorted);
    }
    // Lost writes are counted only once the target took over: before that it is still a replica
    // catching up.
    Set<Long> lost =
        stoppedBy == WriteLoadReport.StoppedBy.SETTLED
            ? new HashSet<>(missingOnTarget.apply(sorted.stream().map(Ack::seq).toList()))
            : Set.of();
    return report(
        plan, sorted, refusals.size(), stoppedBy, guardDetail, lost, started, ended, journal);
  }

  private void write(
      URI url,
      String body,
      String sequenceField,
      String siteHeader,
      AtomicBoolean running,
      ConcurrentLinkedQueue<Ack> acks,
      ConcurrentLinkedQueue<Refusal> refusals) {
    while (running.get()) {
      HttpRequest request =
          HttpRequest.newBuilder(url)
              .timeout(Duration.ofSeconds(2))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      long sent = System.currentTimeMillis();
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        long now = System.currentTimeMillis();
        JsonNode seq =
            response.statusCode() / 100 == 2
                ? JSON.readTree(response.body()).path(sequenceField)
                : null;
        if (seq != null && seq.canConvertToLong()) {
          acks.add(
              new Ack(
                  seq.asLong(), response.headers().firstValue(siteHeader).orElse("?"), sent, now));
        } else {
          refusals.add(new Refusal(now));
          sleep(PAUSE_AFTER_REFUSAL_MILLIS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (IOException | RuntimeException e) {
        refusals.add(new Refusal(System.currentTimeMillis()));
        sleep(PAUSE_AFTER_REFUSAL_MILLIS);
      }
    }
  }

  private static Long firstAckBy(ConcurrentLinkedQueue<Ack> acks, String site) {
    return acks.stream()
        .filter(a -> a.site().equals(site))
        .map(Ack::ackedAtMillis)
        .min(Long::compare)
        .orElse(null);
  }

  /**
   * The guard's verdict over the last window, once a whole window has passed; null while within
   * bounds.
   */
  static String guardCrossed(
      StopConditions stop,
      long started,
      long now,
      ConcurrentLinkedQueue<Ack> acks,
      ConcurrentLinkedQueue<Refusal> refusals) {
    if (stop == null || !stop.guarded() || now - started < stop.windowMillis()) {
      return null;
    }
    long from = now - stop.windowMillis();
    long ok = acks.stream().filter(a -> a.ackedAtMillis() >= from).count();
    long failed = refusals.stream().filter(r -> r.atMillis() >= from).count();
    long all = ok + failed;
    double rate = all == 0 ? 1.0 : (double) failed / all;
    if (rate <= stop.maxErrorRate()) {
      return null;
    }
    return String.format(
        "%.0f%% of %d writes through the front door failed in the last %d ms (guard: %.0f%%)",
        rate * 100, all, stop.windowMillis(), stop.maxErrorRate() * 100);
  }

  private static WriteLoadReport report(
      WriteLoadPlan plan,
      List<Ack> acks,
      long refused,
      WriteLoadReport.StoppedBy stoppedBy,
      String guardDetail,
      Set<Long> lost,
      long started,
      long ended,
      Path journal) {
    Map<String, Long> bySite = new TreeMap<>();
    acks.forEach(a -> bySite.merge(a.site(), 1L, Long::sum));
    Long firstTarget =
        acks.stream()
            .filter(a -> a.site().equals(plan.targetSite()))
            .map(Ack::ackedAtMillis)
            .findFirst()
            .orElse(null);
    Long lastSource =
        acks.stream()
            .filter(a -> !a.site().equals(plan.targetSite()))
            .map(Ack::ackedAtMillis)
            .reduce((a, b) -> b)
            .orElse(null);
    List<Ack> lostAcks = acks.stream().filter(a -> lost.contains(a.seq())).toList();
    Long firstLost = lostAcks.isEmpty() ? null : lostAcks.get(0).ackedAtMillis();
    Long lastLost = lostAcks.isEmpty() ? null : lostAcks.get(lostAcks.size() - 1).ackedAtMillis();
    Long lastKept =
        firstLost == null
            ? null
            : acks.stream()
                .filter(a -> !lost.contains(a.seq()) && a.ackedAtMillis() < firstLost)
                .map(Ack::ackedAtMillis)
                .reduce((a, b) -> b)
                .orElse(null);
    return new WriteLoadReport(
        acks.size(),
        refused,
        new LinkedHashMap<>(bySite),
        stoppedBy,
        guardDetail,
        firstTarget,
        lastSource,
        lostAcks.size(),
        lostAcks.stream().map(Ack::seq).sorted().limit(100).toList(),
        firstLost,
        lastLost,
        lastKept,
        started,
        ended,
        journal == null ? null : journal.toString());
  }

  /**
   * {@code seq,site,sentAtMillis,ackedAtMillis}, one acknowledged write a line: the evidence behind
   * the counts.
   */
  private static void writeJournal(Path journal, List<Ack> acks) {
    StringBuilder csv = new StringBuilder("seq,site,sentAtMillis,ackedAtMillis\n");
    acks.forEach(
        a ->
            csv.append(a.seq())
                .append(',')
                .append(a.site())
                .append(',')
                .append(a.sentAtMillis())
                .append(',')
                .append(a.ackedAtMillis())
                .append('\n'));
    try {
      Files.createDirectories(journal.getParent());
      Files.writeString(journal, csv);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the write load's journal " + journal, e);
    }
  }

  private static void join(Thread t) {
    try {
      t.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
