package dev.standby.model.objectsync;

import java.util.List;

/**
 * An incremental sync of {@code source} into {@code target} (objects under {@code prefix}); or,
 * with {@code service} and neither store, of that service's current primary's object store into
 * every other site's (the topology's {@code sites.<site>.objects}), the primary read again each
 * pass. With {@code deleteExtra} objects the source no longer has are deleted from the target.
 * {@code intervalSeconds} null or 0 runs one pass; otherwise the sync runs continuously, a pass
 * every interval. {@code carried} is the state handed over by continue-as-new (null on a fresh
 * start).
 */
public record ObjectSyncRequest(
    String name,
    StoreSpec source,
    StoreSpec target,
    String prefix,
    boolean deleteExtra,
    Integer parallelism,
    Long intervalSeconds,
    Integer maxPassesPerRun,
    ObjectSyncProgress carried,
    String service) {

  /** A sync between two named stores. */
  public ObjectSyncRequest(
      String name,
      StoreSpec source,
      StoreSpec target,
      String prefix,
      boolean deleteExtra,
      Integer parallelism,
      Long intervalSeconds,
      Integer maxPassesPerRun,
      ObjectSyncProgress carried) {
    this(
        name,
        source,
        target,
        prefix,
        deleteExtra,
        parallelism,
        intervalSeconds,
        maxPassesPerRun,
        carried,
        null);
  }

  /** A service's sync: its primary's object store into every other site's. */
  public static ObjectSyncRequest ofService(
      String name, String service, String prefix, boolean deleteExtra, Long intervalSeconds) {
    return new ObjectSyncRequest(
        name, null, null, prefix, deleteExtra, null, intervalSeconds, null, null, service);
  }

  public boolean followsService() {
    return service != null;
  }

  /**
   * One pass of a service's sync: from the primary's store into {@code site}'s, named {@code
   * <name>.<site>} (its own RPO gauge and resume point).
   */
  public ObjectSyncRequest passInto(String site, StoreSpec from, StoreSpec into) {
    return new ObjectSyncRequest(
        name + "." + site, from, into, prefix, deleteExtra, parallelism, null, null, null, null);
  }

  public static final int DEFAULT_PARALLELISM = 16;
  public static final int MAX_PARALLELISM = 64;

  public int parallelismOrDefault() {
    return parallelism == null ? DEFAULT_PARALLELISM : parallelism;
  }

  public int maxPassesPerRunOrDefault() {
    return maxPassesPerRun == null ? 100 : maxPassesPerRun;
  }

  public boolean continuous() {
    return intervalSeconds != null && intervalSeconds > 0;
  }

  public ObjectSyncRequest carrying(ObjectSyncProgress progress) {
    return new ObjectSyncRequest(
        name,
        source,
        target,
        prefix,
        deleteExtra,
        parallelism,
        intervalSeconds,
        maxPassesPerRun,
        progress,
        service);
  }

  /** Every problem with the request, each naming its field; empty when it can run. */
  public List<String> problems() {
    List<String> problems = new java.util.ArrayList<>();
    if (name == null || !name.matches("[a-z0-9][a-z0-9._-]{0,62}")) {
      problems.add("name: '" + name + "' must be 1-63 lower-case letters, digits, '.', '_' or '-'");
    }
    if (service != null) {
      if (service.isBlank()) {
        problems.add("service: is blank; name the service whose sites' stores to sync");
      }
      if (source != null || target != null) {
        problems.add(
            "source, target: leave them out with 'service': the sync copies from the service's"
                + " current primary's object store into every other site's");
      }
    } else {
      storeProblems("source", source, problems);
      storeProblems("target", target, problems);
    }
    if (source != null && source.equals(target)) {
      problems.add("target: is the same store as the source");
    }
    if (parallelism != null && (parallelism < 1 || parallelism > MAX_PARALLELISM)) {
      problems.add("parallelism: " + parallelism + " is outside 1.." + MAX_PARALLELISM);
    }
    if (maxPassesPerRun != null && maxPassesPerRun < 1) {
      problems.add("maxPassesPerRun: " + maxPassesPerRun + " must be at least 1");
    }
    if (intervalSeconds != null && intervalSeconds < 0) {
      problems.add("intervalSeconds: " + intervalSeconds + " is negative");
    }
    return problems;
  }

  private static void storeProblems(String field, StoreSpec store, List<String> problems) {
    if (store == null) {
      problems.add(field + ": is required");
      return;
    }
    String provider = store.provider();
    String providerProblem = StoreSpec.providerProblem(provider);
    if (providerProblem != null) {
      problems.add(field + ".provider: " + providerProblem);
      return;
    }
    if (provider.equals("filesystem")) {
      if (store.path() == null || store.path().isBlank()) {
        problems.add(field + ".path: is required for a filesystem store");
      }
    } else if (store.bucket() == null || store.bucket().isBlank()) {
      problems.add(field + ".bucket: is required for " + provider);
    }
    if (provider.equals("s3") && (store.accessKeyEnv() == null) != (store.secretKeyEnv() == null)) {
      problems.add(
          field
              + ": name both accessKeyEnv and secretKeyEnv, or neither (the SDK's default chain)");
    }
    if (provider.equals("azure")
        && (store.connectionStringEnv() == null || store.connectionStringEnv().isBlank())) {
      problems.add(
          field
              + ".connectionStringEnv: name the environment variable that holds the connection string");
    }
    if (store.endpoint() != null && !store.endpoint().matches("https?://.+")) {
      problems.add(field + ".endpoint: '" + store.endpoint() + "' is not an http(s) URL");
    }
  }
}
