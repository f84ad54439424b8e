package dev.standby.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * primary_conninfo as PostgreSQL's tools write it, read for the host and port a replica follows.
 */
class ConninfoTest {

  @Test
  void readsQuotedAndPlainValues() {
    Map<String, String> c =
        Conninfo.parse(
            "user=standby passfile='/var/lib/postgresql/.pgpass' channel_binding=prefer"
                + " host=127.0.0.1 port=15433 sslmode=prefer application_name='site \\'b\\''");

    assertThat(c)
        .containsEntry("host", "127.0.0.1")
        .containsEntry("port", "15433")
        .containsEntry("passfile", "/var/lib/postgresql/.pgpass")
        .containsEntry("application_name", "site 'b'");
    assertThat(Conninfo.firstHost(c)).isEqualTo("127.0.0.1");
    assertThat(Conninfo.firstPort(c)).isEqualTo(15433);
  }

  @Test
  void takesTheFirstOfSeveralHostsAndTheDefaultPort() {
    Map<String, String> several = Conninfo.parse("host=db1.example,db2.example port=5433,5434");
    Map<String, String> noPort = Conninfo.parse("host = db1.example dbname=orders");

    assertThat(Conninfo.firstHost(several)).isEqualTo("db1.example");
    assertThat(Conninfo.firstPort(several)).isEqualTo(5433);
    assertThat(Conninfo.firstHost(noPort)).isEqualTo("db1.example");
    assertThat(Conninfo.firstPort(noPort)).isEqualTo(5432);
  }

  @Test
  void anEmptyOrUriConninfoNamesNoUpstream() {
    assertThat(Conninfo.firstHost(Conninfo.parse(""))).isNull();
    assertThat(Conninfo.firstPort(Conninfo.parse(""))).isNull();
    assertThat(Conninfo.parse("postgresql://db1:5432/orders")).isEmpty();
    assertThat(Conninfo.parse(null)).isEmpty();
  }
}
