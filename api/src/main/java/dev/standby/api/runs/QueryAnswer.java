package dev.standby.api.runs;

/**
 * A query's answer, or why there is none (no worker to answer, the run not started yet): a status
 * page still shows what it can when a query cannot be answered.
 */
public record QueryAnswer<T>(T value, String unavailable) {

  static <T> QueryAnswer<T> of(T value) {
    return new QueryAnswer<>(value, null);
  }

  static <T> QueryAnswer<T> unavailable(String reason) {
    return new QueryAnswer<>(null, reason);
  }
}
