package dev.standby.adapters.aws;

import dev.standby.storage.ExpirationRule;
import dev.standby.storage.Keys;
import dev.standby.storage.NoSuchObjectException;
import dev.standby.storage.ObjectInfo;
import dev.standby.storage.ObjectPage;
import dev.standby.storage.ObjectRead;
import dev.standby.storage.ObjectStore;
import dev.standby.storage.ObjectUpload;
import dev.standby.storage.PartedUpload;
import dev.standby.storage.StandbyMetadata;
import dev.standby.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLifecycleConfiguration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.LifecycleExpiration;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * An S3 bucket. Multipart uploads are S3's own (resumed with ListParts). An S3 ETag is the
 * content's MD5 only for single-part uploads, so {@link ObjectInfo#md5()} is set only then;
 * listings carry no custom metadata, so the sha256 of a listed object needs a {@link #head}. The
 * sha256 of an object uploaded in parts is one of its tags (it is known only at the end, when S3 no
 * longer takes metadata), read by {@link #head} and {@link #read}: the credentials need
 * s3:PutObjectTagging and s3:GetObjectTagging.
 */
public final class S3ObjectStore implements ObjectStore {
  private final S3Client s3;
  private final String bucket;

  public S3ObjectStore(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  public S3Client client() {
    return s3;
  }

  public String bucket() {
    return bucket;
  }

  @Override
  public boolean listsMetadata() {
    return false;
  }

  @Override
  public String describe() {
    return "s3://" + bucket;
  }

  @Override
  public void createIfMissing() {
    call(
        "create bucket",
        () -> {
          try {
            s3.headBucket(b -> b.bucket(bucket));
          } catch (S3Exception e) {
            if (e.statusCode() != 404) {
              throw e;
            }
            try {
              s3.createBucket(b -> b.bucket(bucket));
            } catch (S3Exception raced) {
              if (!"BucketAlreadyOwnedByYou".equals(raced.awsErrorDetails().errorCode())) {
                throw raced;
              }
            }
          }
          return null;
        });
  }

  @Override
  public ObjectInfo putSmall(String key, byte[] data, int length, Map<String, String> metadata) {
    Keys.check(describe(), key);
    String etag =
        call(
            "put " + key,
            () ->
                s3.putObject(
                        b -> b.bucket(bucket).key(key).metadata(metadata),
                        RequestBody.fromBytes(Arrays.copyOf(data, length)))
                    .eTag());
    return ObjectInfo.of(key, length, unquote(etag), md5Of(etag), Instant.now(), metadata);
  }

  @Override
  public ObjectUpload startUpload(String key, Map<String, String> metadata) {
    Keys.check(describe(), key);
    String id =
        call(
            "start upload " + key,
            () ->
                s3.createMultipartUpload(b -> b.bucket(bucket).key(key).metadata(metadata))
                    .uploadId());
    return new S3Upload(key, id, List.of());
  }

  @Override
  public ObjectUpload resumeUpload(String key, String uploadId) {
    List<Part> parts =
        call(
            "resume upload " + key,
            () -> {
              try {
                return s3
                    .listPartsPaginator(b -> b.bucket(bucket).key(key).uploadId(uploadId))
                    .parts()
                    .stream()
                    .toList();
              } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                  throw new NoSuchObjectException(describe(), key + " (upload " + uploadId + ")");
                }
                throw e;
              }
            });
    return new S3Upload(key, uploadId, parts);
  }

  @Override
  public InputStream get(String key, long offset, long length) {
    if (length == 0) {
      return new ByteArrayInputStream(new byte[0]);
    }
    String range =
        offset == 0 && length < 0
            ? null
            : "bytes=" + offset + "-" + (length < 0 ? "" : String.valueOf(offset + length - 1));
    return call(
        "get " + key,
        () -> {
          try {
            return s3.getObject(b -> b.bucket(bucket).key(key).range(range));
          } catch (S3Exception e) {
            if (e.statusCode() == 404) {
              throw new NoSuchObjectException(describe(), key);
            }
            throw e;
          }
        });
  }

  @Override
  public ObjectRead read(String key) {
    ResponseInputStream<GetObjectResponse> in =
        call(
            "get " + key,
            () -> {
              try {
                return s3.getObject(b -> b.bucket(bucket).key(key));
              } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                  throw new NoSuchObjectException(describe(), key);
                }
                throw e;
              }
            });
    GetObjectResponse r = in.response();
    return new ObjectRead(
        ObjectInfo.of(
            key,
            r.contentLength(),
            unquote(r.eTag()),
            md5Of(r.eTag()),
            r.lastModified(),
            withStandbyTags(key, r.eTag(), r.metadata())),
        in);
  }

  @Override
  public Optional<ObjectInfo> head(String key) {
    return call(
        "head " + key,
        () -> {
          try {
            HeadObjectResponse r = s3.headObject(b -> b.bucket(bucket).key(key));
            return Optional.of(
                ObjectInfo.of(
                    key,
                    r.contentLength(),
                    unquote(r.eTag()),
                    md5Of(r.eTag()),
                    r.lastModified(),
                    withStandbyTags(key, r.eTag(), r.metadata())));
          } catch (S3Exception e) {
            if (e.statusCode() == 404) {
              return Optional.empty();
            }
            throw e;
          }
        });
  }

  @Override
  public ObjectPage list(String prefix, String startAfter, int maxKeys) {
    ListObjectsV2Response r =
        call(
            "list " + prefix,
            () ->
                s3.listObjectsV2(
                    b ->
                        b.bucket(bucket)
                            .prefix(prefix == null || prefix.isEmpty() ? null : prefix)
                            .startAfter(startAfter)
                            .maxKeys(maxKeys)));
    List<ObjectInfo> objects = new ArrayList<>();
    for (S3Object o : r.contents()) {
      // No custom metadata in a listing: sha256 stays null until a head.
      objects.add(
          new ObjectInfo(
              o.key(), o.size(), unquote(o.eTag()), md5Of(o.eTag()), null, o.lastModified(), null));
    }
    boolean more = Boolean.TRUE.equals(r.isTruncated()) && !objects.isEmpty();
    return new ObjectPage(objects, more ? objects.get(objects.size() - 1).key() : null);
  }

  @Override
  public boolean delete(String key) {
    // S3 answers a delete of a missing key with success too: only a head can tell the two apart.
    boolean existed = head(key).isPresent();
    call("delete " + key, () -> s3.deleteObject(b -> b.bucket(bucket).key(key)));
    return existed;
  }

  @Override
  public ObjectInfo copy(String sourceKey, String targetKey) {
    Keys.check(describe(), targetKey);
    call(
        "copy " + sourceKey + " to " + targetKey,
        () -> {
          try {
            return s3.copyObject(
                b ->
                    b.sourceBucket(bucket)
                        .sourceKey(sourceKey)
                        .destinationBucket(bucket)
                        .destinationKey(targetKey));
          } catch (S3Exception e) {
            if (e.statusCode() == 404) {
              throw new NoSuchObjectException(describe(), sourceKey);
            }
            throw e;
          }
        });
    return head(targetKey).orElseThrow(() -> new NoSuchObjectException(describe(), targetKey));
  }

  @Override
  public boolean setExpirationRules(List<ExpirationRule> rules) {
    call(
        "set lifecycle",
        () -> {
          if (rules.isEmpty()) {
            return s3.deleteBucketLifecycle(b -> b.bucket(bucket));
          }
          List<LifecycleRule> s3Rules =
              rules.stream()
                  .map(
                      r ->
                          LifecycleRule.builder()
                              .id(r.id())
                              .filter(LifecycleRuleFilter.builder().prefix(r.prefix()).build())
                              .expiration(LifecycleExpiration.builder().days(r.days()).build())
                              .status(ExpirationStatus.ENABLED)
                              .build())
                  .toList();
          return s3.putBucketLifecycleConfiguration(
              b ->
                  b.bucket(bucket)
                      .lifecycleConfiguration(
                          BucketLifecycleConfiguration.builder().rules(s3Rules).build()));
        });
    return true;
  }

  @Override
  public List<ExpirationRule> expirationRules() {
    return call(
        "get lifecycle",
        () -> {
          try {
            return s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket)).rules().stream()
                .filter(r -> r.expiration() != null && r.expiration().days() != null)
                .map(
                    r ->
                        new ExpirationRule(
                            r.id(),
                            r.filter() == null ? r.prefix() : r.filter().prefix(),
                            r.expiration().days()))
                .toList();
          } catch (S3Exception e) {
            if (e.statusCode() == 404) {
              return List.of();
            }
            throw e;
          }
        });
  }

  /**
   * The metadata, plus the tags a multipart upload got at its end (see {@link S3Upload#complete});
   * one more request, only for objects uploaded in parts that lack Standby's sha256 in their
   * metadata.
   */
  private Map<String, String> withStandbyTags(
      String key, String etag, Map<String, String> metadata) {
    if (md5Of(etag) != null || metadata.containsKey(StandbyMetadata.SHA256)) {
      return metadata;
    }
    Map<String, String> merged = new HashMap<>(metadata);
    call("get tags of " + key, () -> s3.getObjectTagging(b -> b.bucket(bucket).key(key)))
        .tagSet()
        .stream()
        .filter(t -> t.key().startsWith(StandbyMetadata.PREFIX))
        .forEach(t -> merged.putIfAbsent(t.key(), t.value()));
    return merged;
  }

  /** An S3 ETag is the hex MD5 of the content unless the object was uploaded in parts ("...-N"). */
  static String md5Of(String etag) {
    String hex = unquote(etag);
    return hex != null
            && hex.length() == 32
            && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)
        ? hex
        : null;
  }

  private static String unquote(String etag) {
    return etag == null ? null : etag.replace("\"", "");
  }

  private <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (StorageException e) {
      throw e;
    } catch (SdkException e) {
      throw new StorageException(describe() + ": " + what + ": " + e.getMessage(), e);
    }
  }

  private final class S3Upload extends PartedUpload<String> {
    S3Upload(String key, String id, List<Part> stored) {
      super(describe(), key, id);
      stored.forEach(p -> parts.found(p.partNumber(), p.eTag(), p.size()));
    }

    @Override
    public void uploadPart(int number, byte[] data, int length) {
      String etag =
          call(
              "upload part " + number + " of " + key,
              () ->
                  s3.uploadPart(
                          b ->
                              b.bucket(bucket)
                                  .key(key)
                                  .uploadId(id)
                                  .partNumber(number)
                                  .contentLength((long) length),
                          // Read from the caller's buffer, not copied: the writer keeps it until
                          // this call returns (and a retry
                          // reads it again from the start).
                          RequestBody.fromContentProvider(
                              () -> new ByteArrayInputStream(data, 0, length),
                              length,
                              "application/octet-stream"))
                      .eTag());
      parts.add(number, etag, length);
    }

    @Override
    public ObjectInfo complete(Map<String, String> finalMetadata) {
      List<String> etags = parts.inOrder();
      List<CompletedPart> completed = new ArrayList<>();
      for (int i = 0; i < etags.size(); i++) {
        completed.add(CompletedPart.builder().partNumber(i + 1).eTag(etags.get(i)).build());
      }
      call(
          "complete upload of " + key,
          () ->
              s3.completeMultipartUpload(
                  b ->
                      b.bucket(bucket)
                          .key(key)
                          .uploadId(id)
                          .multipartUpload(m -> m.parts(completed))));
      if (!finalMetadata.isEmpty()) {
        // S3 fixes metadata when an upload starts. What is known only at the end (the sha256) goes
        // on as tags: a
        // copy onto itself to change the metadata would move every byte again, and fails past 5 GB.
        List<Tag> tags =
            finalMetadata.entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
        call(
            "tag " + key,
            () -> s3.putObjectTagging(b -> b.bucket(bucket).key(key).tagging(t -> t.tagSet(tags))));
      }
      return head(key).orElseThrow(() -> new NoSuchObjectException(describe(), key));
    }

    @Override
    public void abort() {
      call(
          "abort upload of " + key,
          () -> s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(id)));
    }
  }
}
