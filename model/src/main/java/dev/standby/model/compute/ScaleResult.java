package dev.standby.model.compute;

/**
 * A scaling step: the group's desired capacity before and after; {@code group} is null when the
 * site has no compute group in the topology (nothing to scale).
 */
public record ScaleResult(String site, String group, Integer desiredBefore, Integer desiredAfter) {

  public String describe() {
    if (group == null) {
      return site + " has no compute group";
    }
    return group
        + " desired capacity "
        + desiredBefore
        + " -> "
        + desiredAfter
        + (desiredBefore != null && desiredBefore.equals(desiredAfter) ? " (already)" : "");
  }
}
