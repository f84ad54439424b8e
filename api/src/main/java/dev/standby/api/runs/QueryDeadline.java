package dev.standby.api.runs;

import io.grpc.Context;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Bounds a query, retries included. The SDK retries a query that timed out for as long as its retry
 * window allows (two 5 s attempts with no worker up); it stops at the gRPC context's deadline.
 */
final class QueryDeadline {
  /** Only fires deadlines; a daemon so it never holds the JVM up. */
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "query-deadline");
            thread.setDaemon(true);
            return thread;
          });

  private QueryDeadline() {}

  static <T> T within(Duration timeout, Supplier<T> call) {
    try (Context.CancellableContext context =
        Context.current().withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS, TIMER)) {
      return context.wrap(call::get).call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
