package dev.standby.lab;

import java.net.URI;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * The cloud emulators a test class needs, each started once per JVM, the first time a class asks
 * for it (about 2 s each instead of 7 s for all three per class). They live in the root {@link
 * ExtensionContext.Store}, which closes them (stopping the emulator) when the test run ends.
 * Classes sharing an emulator must use names of their own (buckets, zones, instances).
 *
 * <pre>{@code
 * @RegisterExtension static final SharedCloudEmulators clouds = SharedCloudEmulators.of(Emulator.MOTO);
 * ... clouds.awsEndpoint() ...
 * }</pre>
 */
public final class SharedCloudEmulators implements BeforeAllCallback {
  private static final Namespace NAMESPACE = Namespace.create(SharedCloudEmulators.class);
  private final List<Emulator> needed;
  private final Map<Emulator, CloudEndpoints> started = new EnumMap<>(Emulator.class);

  private SharedCloudEmulators(List<Emulator> needed) {
    this.needed = needed;
  }

  public static SharedCloudEmulators of(Emulator... needed) {
    return new SharedCloudEmulators(List.of(needed));
  }

  /** moto, fake-gcs-server and Azurite. */
  public static SharedCloudEmulators all() {
    return of(Emulator.values());
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    ExtensionContext.Store root = context.getRoot().getStore(NAMESPACE);
    for (Emulator emulator : needed) {
      // The store closes AutoCloseable values when the root context closes (JUnit 5.13+;
      // CloseableResource,
      // the older interface, is deprecated).
      Running running =
          root.getOrComputeIfAbsent(
              emulator, e -> new Running(CloudEmulators.start("shared", emulator)), Running.class);
      started.put(emulator, running.emulators.endpoints());
    }
  }

  /**
   * One shared emulator; the root store closes it (stopping the emulator) when the test run ends.
   */
  private record Running(CloudEmulators emulators) implements AutoCloseable {
    @Override
    public void close() {
      emulators.close();
    }
  }

  public URI awsEndpoint() {
    return endpoints(Emulator.MOTO).awsEndpoint();
  }

  public String awsRegion() {
    return endpoints(Emulator.MOTO).awsRegion();
  }

  public String awsAccessKeyId() {
    return endpoints(Emulator.MOTO).awsAccessKeyId();
  }

  public String awsSecretAccessKey() {
    return endpoints(Emulator.MOTO).awsSecretAccessKey();
  }

  public URI gcsEndpoint() {
    return endpoints(Emulator.GCS).gcsEndpoint();
  }

  public String gcsProject() {
    return endpoints(Emulator.GCS).gcsProject();
  }

  public URI azureBlobEndpoint() {
    return endpoints(Emulator.AZURITE).azureBlobEndpoint();
  }

  public String azureConnectionString() {
    return endpoints(Emulator.AZURITE).azureConnectionString();
  }

  private CloudEndpoints endpoints(Emulator emulator) {
    CloudEndpoints endpoints = started.get(emulator);
    if (endpoints == null) {
      throw new IllegalStateException(
          emulator
              + " is not among this class's emulators "
              + needed
              + " (or the extension is not registered with @RegisterExtension on a static field)");
    }
    return endpoints;
  }
}
