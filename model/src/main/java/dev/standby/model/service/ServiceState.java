package dev.standby.model.service;

import dev.standby.model.database.DatabaseRole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A service as Standby knows it now, kept by its {@code service/<name>} workflow: the one source of
 * truth every run reads its primary from.
 *
 * @param primarySite the site whose database is the one writable primary
 * @param sites every site, in the topology's order
 * @param protectedNow at least one replica streams from the primary and is within the RPO
 * @param protection why the service is, or is not, protected
 * @param operation the operation in progress, or null
 * @param watching the service's health monitor is on (it pauses during planned operations)
 * @param history ended operations and the service's own actions, newest last, bounded
 * @param alarms raised and not yet cleared (two writable primaries, a failover that keeps failing)
 */
public record ServiceState(
    String service,
    String primarySite,
    Map<String, SiteState> sites,
    boolean protectedNow,
    String protection,
    Operation operation,
    boolean watching,
    List<HistoryEntry> history,
    List<String> alarms,
    long updatedAtMillis) {

  /** How many history entries a service keeps. */
  public static final int HISTORY_LIMIT = 50;

  public ServiceState {
    sites = sites == null ? Map.of() : new LinkedHashMap<>(sites);
    history = history == null ? List.of() : List.copyOf(history);
    alarms = alarms == null ? List.of() : List.copyOf(alarms);
  }

  /** Where a service starts: its topology's primary, every other site a replica not yet seen. */
  public static ServiceState initial(String service, String primarySite, List<String> siteNames) {
    return initial(service, primarySite, siteNames, List.of());
  }

  /** As above; the backup-only sites are {@link SiteCondition#BACKUP_ONLY} for good. */
  public static ServiceState initial(
      String service, String primarySite, List<String> siteNames, List<String> backupOnly) {
    Map<String, SiteState> sites = new LinkedHashMap<>();
    for (String site : siteNames) {
      boolean primary = site.equals(primarySite);
      sites.put(
          site,
          SiteState.unobserved(
              site,
              primary ? DatabaseRole.PRIMARY : DatabaseRole.REPLICA,
              backupOnly.contains(site) ? SiteCondition.BACKUP_ONLY : SiteCondition.HEALTHY));
    }
    return new ServiceState(
        service,
        primarySite,
        sites,
        false,
        "not observed yet",
        null,
        false,
        List.of(),
        List.of(),
        0);
  }

  /**
   * The sites that could take over from the primary, best first: healthy replicas, then the others
   * that answer or may, then sites that need a resync; backup-only sites never.
   */
  public List<String> standbys() {
    List<String> healthy = new ArrayList<>();
    List<String> ready = new ArrayList<>();
    List<String> later = new ArrayList<>();
    for (SiteState s : sites.values()) {
      if (s.site().equals(primarySite) || s.condition() == SiteCondition.BACKUP_ONLY) {
        continue;
      }
      boolean usable =
          s.condition() != SiteCondition.NEEDS_RESYNC
              && s.condition() != SiteCondition.FENCED
              && s.condition() != SiteCondition.FAILED_OVER;
      (s.condition() == SiteCondition.HEALTHY ? healthy : usable ? ready : later).add(s.site());
    }
    healthy.addAll(ready);
    healthy.addAll(later);
    return healthy;
  }

  /** The site a failover goes to when none is named: the best standby, or null. */
  public String failoverTarget() {
    List<String> standbys = standbys();
    return standbys.isEmpty() ? null : standbys.get(0);
  }

  public SiteState site(String name) {
    return sites.get(name);
  }

  public ServiceState withSites(Map<String, SiteState> next) {
    return new ServiceState(
        service,
        primarySite,
        next,
        protectedNow,
        protection,
        operation,
        watching,
        history,
        alarms,
        updatedAtMillis);
  }

  public ServiceState withSite(SiteState site) {
    Map<String, SiteState> next = new LinkedHashMap<>(sites);
    next.put(site.site(), site);
    return withSites(next);
  }

  public ServiceState withPrimary(String next) {
    return new ServiceState(
        service,
        next,
        sites,
        protectedNow,
        protection,
        operation,
        watching,
        history,
        alarms,
        updatedAtMillis);
  }

  public ServiceState withProtection(boolean isProtected, String why) {
    return new ServiceState(
        service,
        primarySite,
        sites,
        isProtected,
        why,
        operation,
        watching,
        history,
        alarms,
        updatedAtMillis);
  }

  public ServiceState withOperation(Operation next) {
    return new ServiceState(
        service,
        primarySite,
        sites,
        protectedNow,
        protection,
        next,
        watching,
        history,
        alarms,
        updatedAtMillis);
  }

  public ServiceState withWatching(boolean on) {
    return new ServiceState(
        service,
        primarySite,
        sites,
        protectedNow,
        protection,
        operation,
        on,
        history,
        alarms,
        updatedAtMillis);
  }

  public ServiceState withAlarms(List<String> next) {
    return new ServiceState(
        service,
        primarySite,
        sites,
        protectedNow,
        protection,
        operation,
        watching,
        history,
        next,
        updatedAtMillis);
  }

  public ServiceState updatedAt(long millis) {
    return new ServiceState(
        service,
        primarySite,
        sites,
        protectedNow,
        protection,
        operation,
        watching,
        history,
        alarms,
        millis);
  }

  /** Appends to the history, keeping the newest {@link #HISTORY_LIMIT} entries. */
  public ServiceState recording(HistoryEntry entry) {
    List<HistoryEntry> next = new ArrayList<>(history);
    next.add(entry);
    while (next.size() > HISTORY_LIMIT) {
      next.remove(0);
    }
    return new ServiceState(
        service,
        primarySite,
        sites,
        protectedNow,
        protection,
        operation,
        watching,
        next,
        alarms,
        updatedAtMillis);
  }
}
