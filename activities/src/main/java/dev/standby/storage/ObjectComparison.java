package dev.standby.storage;

import java.util.Objects;

/**
 * Whether a target object is a current copy of its source, without reading either. Providers' ETags
 * are not comparable across clouds, so the rule, first that applies:
 *
 * <ol>
 *   <li>no target, or sizes differ: copy;
 *   <li>both carry Standby's sha256: equal iff the sha256s are;
 *   <li>both have a content MD5 (S3 single-part, GCS non-composed, Azure with Content-MD5): equal
 *       iff the MD5s are;
 *   <li>the target records the source ETag it was copied from (a sync wrote it) and it is the
 *       source's ETag now: current;
 *   <li>otherwise: unknown (fetch metadata if a listing lacked it, else copy).
 * </ol>
 */
public final class ObjectComparison {
  public enum Verdict {
    SAME,
    DIFFERENT,
    UNKNOWN
  }

  private ObjectComparison() {}

  public static Verdict compare(ObjectInfo source, ObjectInfo target) {
    if (target == null || source.size() != target.size()) {
      return Verdict.DIFFERENT;
    }
    if (source.sha256() != null && target.sha256() != null) {
      return source.sha256().equalsIgnoreCase(target.sha256()) ? Verdict.SAME : Verdict.DIFFERENT;
    }
    if (source.md5() != null && target.md5() != null) {
      return source.md5().equalsIgnoreCase(target.md5()) ? Verdict.SAME : Verdict.DIFFERENT;
    }
    String copiedFrom = target.metadata().get(StandbyMetadata.SOURCE_ETAG);
    if (copiedFrom != null && Objects.equals(copiedFrom, source.etag())) {
      return Verdict.SAME;
    }
    return Verdict.UNKNOWN;
  }
}
