package dev.standby.adapters.local;

import dev.standby.storage.BoundedInputStream;
import dev.standby.storage.ExpirationRule;
import dev.standby.storage.Keys;
import dev.standby.storage.NoSuchObjectException;
import dev.standby.storage.ObjectInfo;
import dev.standby.storage.ObjectPage;
import dev.standby.storage.ObjectStore;
import dev.standby.storage.ObjectUpload;
import dev.standby.storage.PartedUpload;
import dev.standby.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A directory as an object store: the object {@code a/b} is the file {@code root/a/b}; its metadata
 * and MD5 live beside the data under {@code root/.standby/meta}, uploads in progress under {@code
 * root/.standby/uploads}. Writes land in a temporary file first and are moved into place, so a
 * reader never sees half an object.
 */
public final class LocalObjectStore implements ObjectStore {
  private static final String HIDDEN = ".standby";
  private static final String MD5 = "md5";
  private static final String META = "meta.";
  private final Path root;

  public LocalObjectStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public String describe() {
    return root.toUri().toString();
  }

  @Override
  public void createIfMissing() {
    io(() -> Files.createDirectories(root.resolve(HIDDEN).resolve("tmp")));
  }

  @Override
  public ObjectInfo putSmall(String key, byte[] data, int length, Map<String, String> metadata) {
    Path tmp = tempFile();
    io(() -> Files.write(tmp, java.util.Arrays.copyOf(data, length)));
    return install(key, tmp, metadata);
  }

  @Override
  public ObjectUpload startUpload(String key, Map<String, String> metadata) {
    Keys.check(describe(), key);
    String id = UUID.randomUUID().toString();
    Path dir = uploads().resolve(id);
    io(() -> Files.createDirectories(dir));
    Properties p = new Properties();
    p.setProperty("key", key);
    metadata.forEach((k, v) -> p.setProperty(META + k, v));
    writeProperties(dir.resolve("upload.properties"), p);
    return new LocalUpload(key, id, dir);
  }

  @Override
  public ObjectUpload resumeUpload(String key, String uploadId) {
    Path dir = uploads().resolve(uploadId);
    if (uploadId.contains("/")
        || !Files.isDirectory(dir)
        || !key.equals(readProperties(dir.resolve("upload.properties")).getProperty("key"))) {
      throw new NoSuchObjectException(describe(), key + " (upload " + uploadId + ")");
    }
    return new LocalUpload(key, uploadId, dir);
  }

  @Override
  public InputStream get(String key, long offset, long length) {
    Path file = file(key);
    try {
      SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ);
      channel.position(offset);
      InputStream in = Channels.newInputStream(channel);
      return length < 0 ? in : new BoundedInputStream(in, length);
    } catch (NoSuchFileException e) {
      throw new NoSuchObjectException(describe(), key);
    } catch (IOException e) {
      throw new StorageException(describe() + ": cannot read " + key, e);
    }
  }

  @Override
  public Optional<ObjectInfo> head(String key) {
    Path file = file(key);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    return Optional.of(info(key, file));
  }

  @Override
  public ObjectPage list(String prefix, String startAfter, int maxKeys) {
    List<String> keys = new ArrayList<>();
    if (Files.isDirectory(root)) {
      try (Stream<Path> files = Files.walk(root)) {
        files
            .filter(Files::isRegularFile)
            .map(f -> root.relativize(f).toString().replace(java.io.File.separatorChar, '/'))
            .filter(k -> !k.startsWith(HIDDEN + "/"))
            .filter(k -> k.startsWith(prefix == null ? "" : prefix))
            .filter(k -> startAfter == null || Keys.ORDER.compare(k, startAfter) > 0)
            .forEach(keys::add);
      } catch (IOException e) {
        throw new StorageException(describe() + ": cannot list " + prefix, e);
      }
    }
    keys.sort(Keys.ORDER);
    boolean more = keys.size() > maxKeys;
    List<ObjectInfo> page = new ArrayList<>();
    for (String k : keys.subList(0, Math.min(maxKeys, keys.size()))) {
      head(k).ifPresent(page::add);
    }
    return new ObjectPage(page, more ? keys.get(maxKeys - 1) : null);
  }

  @Override
  public boolean delete(String key) {
    Path file = file(key);
    return io(
        () -> {
          Files.deleteIfExists(metaFile(key));
          return Files.deleteIfExists(file);
        });
  }

  @Override
  public ObjectInfo copy(String sourceKey, String targetKey) {
    Path source = file(sourceKey);
    if (!Files.isRegularFile(source)) {
      throw new NoSuchObjectException(describe(), sourceKey);
    }
    Path tmp = tempFile();
    io(() -> Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING));
    return install(targetKey, tmp, info(sourceKey, source).metadata());
  }

  /** None: a local directory has no lifecycle rules. */
  @Override
  public boolean setExpirationRules(List<ExpirationRule> rules) {
    return false;
  }

  @Override
  public List<ExpirationRule> expirationRules() {
    return List.of();
  }

  /** Moves a finished temporary file into place with its MD5 and metadata. */
  private ObjectInfo install(String key, Path tmp, Map<String, String> metadata) {
    Path file = file(key);
    Properties p = new Properties();
    p.setProperty(MD5, md5(tmp));
    metadata.forEach((k, v) -> p.setProperty(META + k.toLowerCase(java.util.Locale.ROOT), v));
    Path metaTmp = tempFile();
    writeProperties(metaTmp, p);
    io(
        () -> {
          Files.createDirectories(file.getParent());
          Files.createDirectories(metaFile(key).getParent());
          move(tmp, file);
          move(metaTmp, metaFile(key));
          return null;
        });
    return info(key, file);
  }

  private ObjectInfo info(String key, Path file) {
    return io(
        () -> {
          long size = Files.size(file);
          java.time.Instant modified = Files.getLastModifiedTime(file).toInstant();
          Path meta = metaFile(key);
          Map<String, String> metadata = new TreeMap<>();
          String md5 = null;
          // Metadata written before the data's current version (the data replaced by hand) no
          // longer describes it.
          if (Files.isRegularFile(meta)
              && !Files.getLastModifiedTime(meta).toInstant().isBefore(modified)) {
            Properties p = readProperties(meta);
            md5 = p.getProperty(MD5);
            for (String name : p.stringPropertyNames()) {
              if (name.startsWith(META)) {
                metadata.put(name.substring(META.length()), p.getProperty(name));
              }
            }
          }
          String etag = md5 != null ? md5 : size + "-" + modified.toEpochMilli();
          return ObjectInfo.of(key, size, etag, md5, modified, metadata);
        });
  }

  private Path file(String key) {
    Keys.check(describe(), key);
    if (key.equals(HIDDEN) || key.startsWith(HIDDEN + "/")) {
      throw new IllegalArgumentException(
          describe() + ": object key '" + key + "' is reserved for Standby's own files");
    }
    return root.resolve(key);
  }

  private Path metaFile(String key) {
    return root.resolve(HIDDEN).resolve("meta").resolve(key + ".properties");
  }

  private Path uploads() {
    return root.resolve(HIDDEN).resolve("uploads");
  }

  private Path tempFile() {
    return io(
        () -> {
          Path dir = root.resolve(HIDDEN).resolve("tmp");
          Files.createDirectories(dir);
          return Files.createTempFile(dir, "put", ".tmp");
        });
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static String md5(Path file) {
    try (InputStream in =
        new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("MD5"))) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Properties readProperties(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  private static void writeProperties(Path file, Properties p) {
    try (Writer w = Files.newBufferedWriter(file)) {
      p.store(w, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private <T> T io(IoCall<T> call) {
    try {
      return call.run();
    } catch (FileAlreadyExistsException e) {
      throw new StorageException(
          describe() + ": " + e.getFile() + " is in the way (a file where a directory is needed)",
          e);
    } catch (IOException e) {
      throw new StorageException(describe() + ": " + e.getMessage(), e);
    }
  }

  private interface IoCall<T> {
    T run() throws IOException;
  }

  /**
   * Parts are numbered files in the upload's directory; complete concatenates them into the object.
   */
  private final class LocalUpload extends PartedUpload<Path> {
    private final Path dir;

    LocalUpload(String key, String id, Path dir) {
      super(describe(), key, id);
      this.dir = dir;
      // The run from part 1: a part after a gap is written again.
      for (int number = 1; Files.isRegularFile(part(number)); number++) {
        Path part = part(number);
        parts.found(number, part, io(() -> Files.size(part)));
      }
    }

    @Override
    public void uploadPart(int number, byte[] data, int length) {
      Path part = part(number);
      // One temp file per part: parts are written concurrently. The move replaces a part written
      // before.
      Path tmp = dir.resolve(part.getFileName() + ".tmp");
      io(
          () -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
              out.write(data, 0, length);
            }
            move(tmp, part);
            return null;
          });
      parts.add(number, part, length);
    }

    @Override
    public ObjectInfo complete(Map<String, String> finalMetadata) {
      Properties p = readProperties(dir.resolve("upload.properties"));
      Map<String, String> metadata = new TreeMap<>();
      for (String name : p.stringPropertyNames()) {
        if (name.startsWith(META)) {
          metadata.put(name.substring(META.length()), p.getProperty(name));
        }
      }
      metadata.putAll(finalMetadata);
      List<Path> inOrder = parts.inOrder();
      Path tmp = tempFile();
      io(
          () -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
              for (Path part : inOrder) {
                Files.copy(part, out);
              }
            }
            return null;
          });
      ObjectInfo info = install(key, tmp, metadata);
      abort();
      return info;
    }

    @Override
    public void abort() {
      io(
          () -> {
            if (Files.isDirectory(dir)) {
              try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                  Files.deleteIfExists(f);
                }
              }
              Files.deleteIfExists(dir);
            }
            return null;
          });
    }

    private Path part(int n) {
      return dir.resolve(String.format("%05d", n));
    }
  }
}
