package dev.standby.model.drill;

/**
 * The write load a drill runs through the front door while it fails over.
 *
 * @param journal a name for the file that records every acknowledgement (the drill's run id), or
 *     null
 * @param targetSite the site expected to serve after the failover; the load ends once it has served
 *     for {@code settleMillis}
 * @param maxMillis the load ends after this long whatever happens
 */
public record WriteLoadPlan(
    String service,
    String journal,
    String targetSite,
    int writers,
    long settleMillis,
    long maxMillis,
    StopConditions stop) {}
