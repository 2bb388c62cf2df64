package dev.finpipe.io;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The Hadoop {@link Configuration} every driver-side reader and committer of the warehouse uses (Delta logs, file
 * listings, Parquet footers): Hadoop's defaults and the cluster's {@code core-site.xml}, the Delta log store each
 * object store needs for safe commits, and the settings of the run's {@code --hadoopConfig} file, which the stage
 * entry point installs once per process. Credentials are never FinPipe's business: S3A and ABFS take them from their
 * standard provider chains (environment variables, instance profile or managed identity, ...), and a settings file
 * refers to secrets as {@code ${env.NAME}}, which Hadoop resolves only when the value is read.
 */
public final class HadoopConfigurations {
  /**
   * delta-standalone's log store per scheme: on object stores a commit must not overwrite a version another writer
   * created. S3 has no atomic put-if-absent, so its store is safe only with one writer per table at a time (one
   * driver per stage, as FinPipe runs); Azure's rename is atomic.
   */
  public static final Map<String, String> DELTA_LOG_STORES;

  static {
    Map<String, String> stores = new LinkedHashMap<>();
    for (String scheme : new String[] {"s3a", "s3", "s3n"}) {
      stores.put("delta.logStore." + scheme + ".impl", "io.delta.standalone.internal.storage.S3SingleDriverLogStore");
    }
    for (String scheme : new String[] {"abfs", "abfss", "wasb", "wasbs"}) {
      stores.put("delta.logStore." + scheme + ".impl", "io.delta.standalone.internal.storage.AzureLogStore");
    }
    DELTA_LOG_STORES = Map.copyOf(stores);
  }

  /**
   * Hadoop's defaults, the site files and the log stores, parsed once: a {@code new Configuration()} parses its XML
   * resources again, and the drivers create one for every Delta log and listing they open.
   */
  private static final Configuration DEFAULTS = defaults();

  private static volatile Map<String, String> installed = Map.of();

  private HadoopConfigurations() {}

  private static Configuration defaults() {
    Configuration conf = new Configuration();
    DELTA_LOG_STORES.forEach((key, store) -> {
      if (conf.get(key) == null) { // core-site.xml may name its own
        conf.set(key, store);
      }
    });
    return conf;
  }

  /** A new Configuration: defaults, then the log stores (unless core-site.xml names its own), then installed settings. */
  public static Configuration create() {
    Configuration conf = new Configuration(DEFAULTS); // copies the parsed properties (under DEFAULTS' lock)
    installed.forEach(conf::set);
    return conf;
  }

  /** Makes every later {@link #create()} of this process carry {@code settings} (replacing those installed before). */
  public static void install(Map<String, String> settings) {
    installed = Map.copyOf(settings);
  }
}
