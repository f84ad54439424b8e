package dev.standby.model.practice;

import java.util.List;
import java.util.Map;

/**
 * What a practice failover did and measured, and the proof that production did not notice.
 *
 * @param wouldBeRtoMillis from the start of the clone (when a real failover would start acting) to
 *     the first request the isolated app served
 * @param dataAgeMillis how old the clone's data was against the primary's when it was taken
 * @param created everything the practice created, one line each
 * @param removed everything it removed again, one line each; a line in created and not here is left
 *     behind, and the drill fails saying so
 * @param weightsBefore the router's weights before the practice, {@code weightsAfter} after it
 * @param replicaAfter the standby's database after the practice: still a streaming replica, and its
 *     lag against the RPO
 * @param baseline the front door before anything was cloned; {@code during} while the practice ran
 * @param productionUnchanged weights unchanged, replica streaming within the RPO, no front-door
 *     error and a p95 within 20% of the baseline's
 * @param production why production counts as unchanged, or what changed
 */
public record PracticeReport(
    CloneRecord database,
    IsolatedApp app,
    IsolatedServing serving,
    Long wouldBeRtoMillis,
    Long dataAgeMillis,
    List<String> created,
    List<String> removed,
    Map<String, Integer> weightsBefore,
    Map<String, Integer> weightsAfter,
    String replicaAfter,
    FrontDoorSample baseline,
    FrontDoorSample during,
    Integer frontDoorGaps,
    boolean productionUnchanged,
    List<String> production) {}
