package dev.standby.adapters;

import dev.standby.model.practice.CloneRecord;
import dev.standby.topology.ServiceTopology.Database;
import dev.standby.topology.ServiceTopology.Practice;
import java.util.List;

/**
 * One provider's way to clone a database for a practice failover without touching it or its
 * primary. Both methods are idempotent per key: a retry on another worker finds what the first
 * attempt made.
 */
public interface DatabaseCloner {

  /**
   * @param standby the database to clone (the standby's replica)
   * @param primary the service's primary, read to say how old the clone's data is
   */
  record CloneRequest(
      String service,
      String site,
      String key,
      Database standby,
      Database primary,
      Practice practice) {}

  CloneRecord create(CloneRequest request);

  /** Removes all the clone left; the lines say what; nothing when there was nothing. */
  List<String> remove(CloneRequest request);
}
