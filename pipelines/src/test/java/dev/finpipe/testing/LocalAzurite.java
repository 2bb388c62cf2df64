package dev.finpipe.testing;

import com.microsoft.azure.storage.CloudStorageAccount;
import com.microsoft.azure.storage.StorageException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Azure's storage emulator for tests: npm's Azurite, its Blob service only, on 127.0.0.1:10000. The port is fixed:
 * hadoop-azure's {@code wasb://} connector has one way to reach an emulator, its "storage emulator" account
 * ({@link #ACCOUNT}), which always connects to {@code http://127.0.0.1:10000/devstoreaccount1} with the emulator's
 * well-known development key (public, built into the Azure SDK; no setting names it). Azure's {@code abfss://} (ADLS
 * Gen2) needs the DFS endpoint, which Azurite does not emulate. Telemetry is off (Azurite sends some by default).
 */
public final class LocalAzurite extends NodeEmulator {
  public static final int BLOB_PORT = 10000;
  /** hadoop-azure's default emulator account name ({@code fs.azure.storage.emulator.account.name}). */
  public static final String ACCOUNT = "storageemulator";

  private final String container;

  private LocalAzurite(String container) {
    super("azurite");
    this.container = container;
  }

  /** The Blob service with {@code container} created at start, as a storage account's admin would have. */
  public static LocalAzurite blobWithContainer(String container) {
    return new LocalAzurite(container);
  }

  /** A {@code wasb://} URI of {@code path} in the container. */
  public String wasb(String path) {
    return "wasb://" + container + "@" + ACCOUNT + "/" + path;
  }

  /** The settings that send a wasb:// warehouse to this emulator; they go on top of runners-config/prod/hadoop.properties. */
  public Map<String, String> wasbSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("fs.azure.storage.emulator.account.name", ACCOUNT);
    // A server error on loopback is a bug to see at once (the connector's default retries last minutes).
    settings.put("fs.azure.io.retry.max.retries", "3");
    return settings;
  }

  @Override
  protected int choosePort() {
    if (accepts(BLOB_PORT)) {
      throw new IllegalStateException("127.0.0.1:" + BLOB_PORT + " is in use: hadoop-azure's emulator mode only "
          + "connects to that port; stop what listens there (another Azurite?) and run the test again");
    }
    return BLOB_PORT;
  }

  /**
   * wasb:// does not create a missing container: hadoop-azure 3.3.4 walks up from the file to the container's root for
   * a parent folder's permissions, finds none, and fails with a NullPointerException.
   */
  @Override
  protected void started() {
    try {
      CloudStorageAccount.getDevelopmentStorageAccount().createCloudBlobClient().getContainerReference(container)
          .createIfNotExists();
    } catch (URISyntaxException | StorageException e) {
      throw new IllegalStateException("Azurite: cannot create container " + container + " (log " + log() + ")", e);
    }
  }

  @Override
  protected List<String> command(String bin, Path dataDir, int port) {
    // --skipApiVersionCheck: hadoop-azure 3.3.4's SDK (azure-storage 7) sends an older API version than Azurite's;
    // --loose: it also sends headers Azurite does not implement.
    return List.of(bin, "--blobHost", "127.0.0.1", "--blobPort", String.valueOf(port), "--location", dataDir.toString(),
        "--disableTelemetry", "--skipApiVersionCheck", "--loose");
  }
}
