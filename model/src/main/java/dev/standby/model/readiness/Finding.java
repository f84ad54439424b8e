package dev.standby.model.readiness;

/**
 * One thing readiness checked.
 *
 * @param area {@code targets}, {@code reachability}, {@code backups}, {@code drills}, {@code
 *     people} or {@code rto}
 * @param subject what in the area: a site, a router, a store, a drill type
 * @param reason why it has this status, in words an on-call engineer acts on
 */
public record Finding(String area, String subject, ReadinessStatus status, String reason) {}
