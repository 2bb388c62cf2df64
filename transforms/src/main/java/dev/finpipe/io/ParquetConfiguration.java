package dev.finpipe.io;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The Hadoop {@link Configuration} FinPipe hands ParquetIO's readers and writers: only the settings given, without
 * Hadoop's default resources. Left unconfigured, ParquetIO builds a {@code new Configuration()} for every file it
 * opens, and each one parses {@code core-default.xml} again on first use; Parquet reads none of those defaults.
 *
 * <p>Public with a public no-argument constructor because Beam's {@code SerializableConfiguration} recreates the
 * configuration on each worker by its class name.
 */
public class ParquetConfiguration extends Configuration {
  public ParquetConfiguration() {
    super(false);
  }

  /** A configuration holding exactly {@code settings}. */
  public static ParquetConfiguration of(Map<String, String> settings) {
    ParquetConfiguration conf = new ParquetConfiguration();
    settings.forEach(conf::set);
    return conf;
  }
}
