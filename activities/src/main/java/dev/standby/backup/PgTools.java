package dev.standby.backup;

import dev.standby.topology.ServiceTopology.Database;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * Connection details shared by the dump and the scratch restore: JDBC, and the libpq arguments
 * pg_dump wants.
 */
final class PgTools {
  private PgTools() {}

  static Connection connect(String url, String user, String password) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    if (password != null) {
      props.setProperty("password", password);
    }
    props.setProperty("connectTimeout", "5");
    props.setProperty("ApplicationName", "standby-backup");
    return DriverManager.getConnection(url, props);
  }

  static String password(Database database, UnaryOperator<String> environment) {
    if (database.passwordEnv() == null) {
      return null;
    }
    String password = environment.apply(database.passwordEnv());
    if (password == null) {
      throw new IllegalStateException(
          "environment variable " + database.passwordEnv() + " (the database password) is not set");
    }
    return password;
  }

  /** host, port and dbname of a {@code jdbc:postgresql://host:port/db} URL. */
  static Map<String, String> parts(String jdbcUrl) {
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    String db =
        uri.getPath() == null || uri.getPath().length() < 2
            ? "postgres"
            : uri.getPath().substring(1);
    return Map.of(
        "host",
        uri.getHost(),
        "port",
        String.valueOf(uri.getPort() > 0 ? uri.getPort() : 5432),
        "dbname",
        db);
  }

  static String quoteIdent(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
