package dev.standby.lab;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;

/**
 * A client that writes directly to one database every 100 ms, asking for read-write explicitly:
 * {@code SET default_transaction_read_only = off} once per session, then {@code BEGIN READ WRITE;
 * INSERT; COMMIT}. It reconnects after any error, as an app's pool would. What it records as
 * acknowledged was committed: a fence must stop it, or the commits must reach the new primary.
 */
public final class ExplicitWriter {
  /** A committed order and the WAL position right after its commit (null when unreadable). */
  public record Ack(long seq, String lsnAfterCommit, long ackedAtMillis) {}

  public final List<Ack> acknowledged = new java.util.concurrent.CopyOnWriteArrayList<>();
  public final AtomicInteger attempts = new AtomicInteger();
  private final Callable<Connection> connect;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread = new Thread(this::run, "explicit-writer");

  public ExplicitWriter(Callable<Connection> connect) {
    this.connect = connect;
  }

  public void start() {
    thread.start();
  }

  public void awaitAcknowledged(int n) {
    Awaitility.await(n + " orders acknowledged")
        .atMost(Duration.ofSeconds(30))
        .until(() -> acknowledged.size() >= n);
  }

  public void stop() throws InterruptedException {
    running.set(false);
    thread.join(10_000);
  }

  public List<Long> seqs() {
    return acknowledged.stream().map(Ack::seq).toList();
  }

  private void run() {
    while (running.get()) {
      attempts.incrementAndGet(); // a refused connection is an attempt too
      try (Connection c = connect.call();
          Statement s = c.createStatement()) {
        s.setQueryTimeout(5);
        s.execute("SET default_transaction_read_only = off");
        while (running.get()) {
          s.execute("BEGIN READ WRITE");
          long seq;
          try (ResultSet rs =
              s.executeQuery(
                  "INSERT INTO orders (site, item) VALUES ('test', 'read-write') RETURNING seq")) {
            rs.next();
            seq = rs.getLong(1);
          }
          s.execute("COMMIT");
          long ackedAt = System.currentTimeMillis();
          String lsn = null;
          try (ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()::text")) {
            rs.next();
            lsn = rs.getString(1);
          } catch (SQLException endedRightAfterTheCommit) {
            // acknowledged all the same
          }
          acknowledged.add(new Ack(seq, lsn, ackedAt));
          pause();
          attempts.incrementAndGet();
        }
      } catch (Exception refusedOrEnded) {
        pause();
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
