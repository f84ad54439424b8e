package dev.standby.model.failover;

import java.util.List;

/**
 * How a failover's target was chosen: elected among the candidates, or named by the request and
 * checked against them.
 *
 * @param elected true when the request named no target and the run elected one
 * @param why the deciding rule in words (most advanced; same position, higher priority; ...)
 * @param behindBytes for a named target, how many bytes of WAL it had replayed less than the most
 *     advanced candidate (0 when none was ahead)
 * @param candidates every site considered, the winner first
 */
public record TargetChoice(
    String target,
    boolean elected,
    String why,
    long behindBytes,
    List<CandidateReport> candidates) {

  public TargetChoice {
    candidates = candidates == null ? List.of() : List.copyOf(candidates);
  }

  public String describe() {
    StringBuilder text =
        new StringBuilder(target + (elected ? " elected: " : " named: ") + why + "; candidates ");
    for (int i = 0; i < candidates.size(); i++) {
      text.append(i == 0 ? "" : "; ").append(candidates.get(i).describe());
    }
    return text.toString();
  }
}
