package dev.finpipe.pipelines.common;

import dev.finpipe.io.HadoopConfigurations;
import dev.finpipe.options.WarehouseOptions;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.beam.sdk.io.hdfs.HadoopFileSystemOptions;
import org.apache.hadoop.conf.Configuration;

/**
 * Makes a warehouse on an object store or HDFS ({@code s3a://}, {@code abfss://}, {@code wasb://}, {@code hdfs://})
 * reachable for both halves of a stage: the driver's Delta commits and listings ({@link HadoopConfigurations}, with
 * the {@code --hadoopConfig} settings installed) and Beam's file IO on the workers, which only knows a Hadoop scheme
 * when its options carry a Hadoop configuration whose default file system has that scheme.
 */
public final class WarehouseStorage {
  /** Parts of the names of settings that hold secrets; their values must be references (${env.NAME}). */
  private static final List<String> SECRET_WORDS =
      List.of("secret", "password", ".account.key", "access.key", "session.token", "fs.azure.sas.");

  private WarehouseStorage() {}

  public static void configure(WarehouseOptions options) {
    HadoopConfigurations.install(options.getHadoopConfig() == null ? Map.of() : read(options.getHadoopConfig()));
    String warehouse = Warehouses.normalize(options.getWarehouse());
    URI uri = URI.create(warehouse.replace(" ", "%20"));
    String scheme = uri.getScheme();
    if (scheme == null || scheme.length() <= 1 || scheme.equals("file")) {
      return; // a local warehouse: Beam's own local file system serves it
    }
    if (uri.getAuthority() == null) {
      throw new IllegalArgumentException("--warehouse=" + warehouse + " names no bucket or container: use "
          + scheme + "://<bucket>/<path>");
    }
    Configuration conf = HadoopConfigurations.create();
    conf.set("fs.defaultFS", scheme + "://" + uri.getAuthority());
    options.as(HadoopFileSystemOptions.class).setHdfsConfiguration(List.of(conf));
  }

  /** The settings of a properties file; refuses a secret written as a value. */
  static Map<String, String> read(String file) {
    Path path = Paths.get(file);
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      properties.load(in);
    } catch (IOException e) {
      throw new IllegalArgumentException("--hadoopConfig: cannot read " + path.toAbsolutePath() + ": " + e.getMessage(), e);
    }
    Map<String, String> settings = new TreeMap<>();
    for (String key : properties.stringPropertyNames()) {
      String value = properties.getProperty(key).trim();
      String lower = key.toLowerCase(Locale.ROOT);
      if (isSecret(lower) && !value.isEmpty() && !value.startsWith("${")) {
        throw new IllegalArgumentException("--hadoopConfig: " + key + " in " + file + " holds a secret: refer to it as "
            + "${env.NAME} (an environment variable) instead of writing it in the file");
      }
      settings.put(key, value);
    }
    return settings;
  }

  /** A secret's setting, as opposed to one naming how to get it ({@code ...provider.type}). */
  private static boolean isSecret(String key) {
    return SECRET_WORDS.stream().anyMatch(key::contains) && !key.endsWith(".type") && !key.endsWith(".provider");
  }
}
