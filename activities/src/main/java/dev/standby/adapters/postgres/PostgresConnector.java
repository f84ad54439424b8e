package dev.standby.adapters.postgres;

import dev.standby.topology.ServiceTopology.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * Opens one short-lived JDBC connection per call. Failover runs rarely and must see the database as
 * it is now, so there is no pool to hold stale sessions to a database that died or changed role.
 */
final class PostgresConnector {
  /** A dead database must be reported in seconds: connecting and logging in are bounded tightly. */
  static final int CONNECT_TIMEOUT_SECONDS = 2;

  static final int LOGIN_TIMEOUT_SECONDS = 3;

  /**
   * For a quick look (role, positions): a frozen server accepts the TCP connection but never
   * answers the startup packet or a query, so logging in and each statement get 2 s at most.
   */
  static final int QUICK_SECONDS = 2;

  private final UnaryOperator<String> environment;

  PostgresConnector(UnaryOperator<String> environment) {
    this.environment = environment;
  }

  /**
   * @param socketTimeout how long one statement may go without an answer before the connection is
   *     dropped
   */
  Connection open(Database database, Duration socketTimeout) throws SQLException {
    return open(database, CONNECT_TIMEOUT_SECONDS, LOGIN_TIMEOUT_SECONDS, socketTimeout);
  }

  /**
   * A connection for a few short queries, whose answer (or failure) comes within about {@link
   * #QUICK_SECONDS} for login plus as much per statement, even from a server that hangs.
   */
  Connection openQuick(Database database) throws SQLException {
    return open(database, QUICK_SECONDS, QUICK_SECONDS, Duration.ofSeconds(QUICK_SECONDS));
  }

  private Connection open(
      Database database, int connectTimeout, int loginTimeout, Duration socketTimeout)
      throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", database.user());
    if (database.passwordEnv() != null) {
      String password = environment.apply(database.passwordEnv());
      if (password == null) {
        throw new SQLException(
            "environment variable "
                + database.passwordEnv()
                + " (the database password) is not set",
            "28P01");
      }
      props.setProperty("password", password);
    }
    props.setProperty("connectTimeout", String.valueOf(connectTimeout));
    props.setProperty("loginTimeout", String.valueOf(loginTimeout));
    props.setProperty("socketTimeout", String.valueOf(Math.max(1, socketTimeout.toSeconds())));
    props.setProperty("tcpKeepAlive", "true");
    props.setProperty("ApplicationName", "standby");
    Connection connection = DriverManager.getConnection(database.url(), props);
    connection.setAutoCommit(true); // ALTER SYSTEM cannot run inside a transaction block
    return connection;
  }
}
