package dev.standby.adapters.azure;

import com.azure.core.http.rest.PagedResponse;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.Block;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import dev.standby.storage.ExpirationRule;
import dev.standby.storage.Keys;
import dev.standby.storage.NoSuchObjectException;
import dev.standby.storage.ObjectInfo;
import dev.standby.storage.ObjectPage;
import dev.standby.storage.ObjectStore;
import dev.standby.storage.ObjectUpload;
import dev.standby.storage.PartedUpload;
import dev.standby.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * An Azure Blob container. A multipart upload stages blocks named after the upload id and commits
 * the block list at the end; the upload's metadata waits in a small manifest blob under {@code
 * .standby-uploads/} (never listed) so a resumed upload still has it. Azure lists with opaque
 * continuation markers, not a start key: the marker of the page that ended at a key is remembered,
 * and only a listing resumed after a restart walks the prefix from its start.
 */
public final class AzureBlobObjectStore implements ObjectStore {
  static final String UPLOADS = ".standby-uploads/";
  private static final String UPLOAD_KEY = "standbyuploadkey";
  private static final int REMEMBERED_MARKERS = 64;
  private final BlobContainerClient container;
  private final Map<String, String> markers =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > REMEMBERED_MARKERS;
        }
      };

  public AzureBlobObjectStore(BlobContainerClient container) {
    this.container = container;
  }

  @Override
  public String describe() {
    return "azure://" + container.getBlobContainerName();
  }

  @Override
  public void createIfMissing() {
    call("create container", container::createIfNotExists);
  }

  @Override
  public ObjectInfo putSmall(String key, byte[] data, int length, Map<String, String> metadata) {
    checkKey(key);
    byte[] content = Arrays.copyOf(data, length);
    byte[] md5 = md5(content);
    // Sending the MD5 makes Azure check the body and keep the MD5 as the blob's Content-MD5.
    var response =
        call(
            "put " + key,
            () ->
                blob(key)
                    .getBlockBlobClient()
                    .uploadWithResponse(
                        new BlockBlobSimpleUploadOptions(BinaryData.fromBytes(content))
                            .setMetadata(metadata)
                            .setHeaders(new BlobHttpHeaders().setContentMd5(md5)),
                        null,
                        Context.NONE));
    return ObjectInfo.of(
        key,
        length,
        response.getValue().getETag(),
        HexFormat.of().formatHex(md5),
        Instant.now(),
        metadata);
  }

  @Override
  public ObjectUpload startUpload(String key, Map<String, String> metadata) {
    checkKey(key);
    String id = UUID.randomUUID().toString();
    Map<String, String> manifest = new HashMap<>(metadata);
    manifest.put(UPLOAD_KEY, key);
    call(
        "start upload " + key,
        () ->
            blob(UPLOADS + id)
                .getBlockBlobClient()
                .uploadWithResponse(
                    new BlockBlobSimpleUploadOptions(BinaryData.fromBytes(new byte[0]))
                        .setMetadata(manifest),
                    null,
                    Context.NONE));
    return new AzureUpload(key, id, Map.of());
  }

  @Override
  public ObjectUpload resumeUpload(String key, String uploadId) {
    Optional<BlobProperties> manifest = properties(UPLOADS + uploadId);
    if (manifest.isEmpty() || !key.equals(manifest.get().getMetadata().get(UPLOAD_KEY))) {
      throw new NoSuchObjectException(describe(), key + " (upload " + uploadId + ")");
    }
    List<Block> staged =
        call(
            "list blocks of " + key,
            () -> {
              try {
                return blob(key)
                    .getBlockBlobClient()
                    .listBlocks(BlockListType.UNCOMMITTED)
                    .getUncommittedBlocks();
              } catch (BlobStorageException e) {
                if (e.getStatusCode() == 404) {
                  return List.<Block>of();
                }
                throw e;
              }
            });
    Map<String, Long> sizes = new HashMap<>();
    staged.forEach(b -> sizes.put(b.getName(), b.getSizeLong()));
    return new AzureUpload(key, uploadId, sizes);
  }

  @Override
  public InputStream get(String key, long offset, long length) {
    if (length == 0) {
      return new ByteArrayInputStream(new byte[0]);
    }
    return call(
        "get " + key,
        () -> {
          try {
            return blob(key)
                .openInputStream(new BlobRange(offset, length < 0 ? null : length), null);
          } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
              throw new NoSuchObjectException(describe(), key);
            }
            throw e;
          }
        });
  }

  @Override
  public Optional<ObjectInfo> head(String key) {
    return properties(key)
        .map(
            p ->
                ObjectInfo.of(
                    key,
                    p.getBlobSize(),
                    p.getETag(),
                    hex(p.getContentMd5()),
                    p.getLastModified() == null ? null : p.getLastModified().toInstant(),
                    p.getMetadata()));
  }

  @Override
  public ObjectPage list(String prefix, String startAfter, int maxKeys) {
    ListBlobsOptions options = new ListBlobsOptions().setMaxResultsPerPage(maxKeys);
    options.getDetails().setRetrieveMetadata(true);
    if (prefix != null && !prefix.isEmpty()) {
      options.setPrefix(prefix);
    }
    String marker;
    synchronized (markers) {
      marker =
          startAfter == null ? null : markers.remove(describe() + "|" + prefix + "|" + startAfter);
    }
    boolean skipping = startAfter != null && marker == null;
    List<ObjectInfo> objects = new ArrayList<>();
    String lastSeen = null;
    Iterator<PagedResponse<BlobItem>> pages =
        call(
            "list " + prefix,
            () ->
                container
                    .listBlobs(options, marker, null)
                    .iterableByPage(marker, maxKeys)
                    .iterator());
    while (objects.size() < maxKeys) {
      PagedResponse<BlobItem> page =
          call("list " + prefix, () -> pages.hasNext() ? pages.next() : null);
      if (page == null) {
        return new ObjectPage(objects, null);
      }
      for (BlobItem item : page.getValue()) {
        if (skipping && Keys.ORDER.compare(item.getName(), startAfter) <= 0) {
          continue;
        }
        skipping = false;
        if (!item.getName().startsWith(UPLOADS) && objects.size() < maxKeys) {
          objects.add(info(item));
          lastSeen = item.getName();
        }
      }
      if (page.getContinuationToken() == null) {
        return new ObjectPage(objects, null);
      }
      if (objects.size() == maxKeys && lastSeen.equals(lastName(page))) {
        synchronized (markers) {
          markers.put(describe() + "|" + prefix + "|" + lastSeen, page.getContinuationToken());
        }
      }
    }
    return new ObjectPage(objects, lastSeen);
  }

  @Override
  public boolean delete(String key) {
    return call("delete " + key, () -> blob(key).deleteIfExists());
  }

  @Override
  public ObjectInfo copy(String sourceKey, String targetKey) {
    checkKey(targetKey);
    if (properties(sourceKey).isEmpty()) {
      throw new NoSuchObjectException(describe(), sourceKey);
    }
    // Within one account the service copies on its own credentials: no SAS needed.
    call(
        "copy " + sourceKey + " to " + targetKey,
        () -> blob(targetKey).beginCopy(blob(sourceKey).getBlobUrl(), null).waitForCompletion());
    return head(targetKey).orElseThrow(() -> new NoSuchObjectException(describe(), targetKey));
  }

  /**
   * None here: Azure's lifecycle management is a storage-account policy on the management plane
   * (the Azure portal or CLI), not part of the blob API.
   */
  @Override
  public boolean setExpirationRules(List<ExpirationRule> rules) {
    return false;
  }

  @Override
  public List<ExpirationRule> expirationRules() {
    return List.of();
  }

  private Optional<BlobProperties> properties(String key) {
    return call(
        "head " + key,
        () -> {
          try {
            return Optional.of(blob(key).getProperties());
          } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
              return Optional.empty();
            }
            throw e;
          }
        });
  }

  private static String lastName(PagedResponse<BlobItem> page) {
    List<BlobItem> items = page.getValue();
    return items.isEmpty() ? null : items.get(items.size() - 1).getName();
  }

  private ObjectInfo info(BlobItem item) {
    var p = item.getProperties();
    return ObjectInfo.of(
        item.getName(),
        p.getContentLength() == null ? 0 : p.getContentLength(),
        p.getETag(),
        hex(p.getContentMd5()),
        p.getLastModified() == null ? null : p.getLastModified().toInstant(),
        item.getMetadata());
  }

  private BlobClient blob(String key) {
    return container.getBlobClient(key);
  }

  private void checkKey(String key) {
    Keys.check(describe(), key);
    if (key.startsWith(UPLOADS)) {
      throw new IllegalArgumentException(
          describe() + ": object key '" + key + "' is reserved for uploads in progress");
    }
  }

  /**
   * Block ids must all have the same length within a blob: upload id plus a zero-padded part
   * number.
   */
  private static String blockId(String uploadId, int part) {
    return Base64.getEncoder()
        .encodeToString(
            (uploadId + "-" + String.format("%05d", part)).getBytes(StandardCharsets.UTF_8));
  }

  private static String hex(byte[] md5) {
    return md5 == null || md5.length == 0 ? null : HexFormat.of().formatHex(md5);
  }

  private static byte[] md5(byte[] data) {
    try {
      return MessageDigest.getInstance("MD5").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (StorageException e) {
      throw e;
    } catch (BlobStorageException e) {
      throw new StorageException(
          describe() + ": " + what + ": " + e.getErrorCode() + " (HTTP " + e.getStatusCode() + ")",
          e);
    } catch (RuntimeException e) {
      if (e.getClass().getName().startsWith("com.azure.")) {
        throw new StorageException(describe() + ": " + what + ": " + e.getMessage(), e);
      }
      throw e;
    }
  }

  private final class AzureUpload extends PartedUpload<String> {
    AzureUpload(String key, String id, Map<String, Long> staged) {
      super(describe(), key, id);
      // The run from block 1, probed by number: a block after a gap is staged again.
      for (int number = 1; staged.containsKey(blockId(id, number)); number++) {
        parts.found(number, blockId(id, number), staged.get(blockId(id, number)));
      }
    }

    @Override
    public void uploadPart(int number, byte[] data, int length) {
      String block = blockId(id, number);
      // Staging a block id again replaces the uncommitted block.
      call(
          "stage block " + number + " of " + key,
          () -> {
            blob(key)
                .getBlockBlobClient()
                .stageBlock(block, BinaryData.fromBytes(Arrays.copyOf(data, length)));
            return null;
          });
      parts.add(number, block, length);
    }

    @Override
    public ObjectInfo complete(Map<String, String> finalMetadata) {
      Optional<BlobProperties> manifest = properties(UPLOADS + id);
      if (manifest.isEmpty()) {
        throw new NoSuchObjectException(describe(), key + " (upload " + id + ")");
      }
      Map<String, String> metadata = new HashMap<>(manifest.get().getMetadata());
      metadata.remove(UPLOAD_KEY);
      metadata.putAll(finalMetadata);
      List<String> inOrder = parts.inOrder();
      BlockBlobClient block = blob(key).getBlockBlobClient();
      call(
          "commit " + key,
          () ->
              block.commitBlockListWithResponse(
                  new BlockBlobCommitBlockListOptions(inOrder).setMetadata(metadata),
                  null,
                  Context.NONE));
      call("drop manifest of " + key, () -> blob(UPLOADS + id).deleteIfExists());
      return head(key).orElseThrow(() -> new NoSuchObjectException(describe(), key));
    }

    @Override
    public void abort() {
      // Uncommitted blocks are dropped by Azure after a week; the manifest goes now.
      call("abort upload of " + key, () -> blob(UPLOADS + id).deleteIfExists());
    }
  }
}
