package dev.standby.model.region;

/**
 * When the health monitors start a region plan by themselves: {@code failedServices} services of
 * the site failing within {@code windowMillis} of the first start the plan once, instead of one
 * failover each; a plan started less than {@code minIntervalMillis} after the last automatic one is
 * held for a person (anti-flap).
 */
public record RegionTrigger(int failedServices, long windowMillis, long minIntervalMillis) {}
