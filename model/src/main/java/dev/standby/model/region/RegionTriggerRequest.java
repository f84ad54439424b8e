package dev.standby.model.region;

/** Input of a site's region trigger: the site and its plan's trigger settings. */
public record RegionTriggerRequest(String site, RegionTrigger trigger) {}
