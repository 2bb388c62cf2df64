package dev.finpipe.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Where the lakehouse tables live. */
public interface WarehouseOptions extends PipelineOptions {
  @Description(
      "Warehouse directory holding bronze/, silver/, quarantine/ and gold/ Delta tables. A local path or any Hadoop "
          + "file system URI (hdfs://, abfss://, s3a://).")
  @Default.String("data/dev")
  String getWarehouse();

  void setWarehouse(String warehouse);

  @Description(
      "A properties file of Hadoop settings for the warehouse's file system (endpoint, auth type, Delta log store), "
          + "e.g. runners-config/prod/hadoop.properties. Secrets only as references (${env.NAME}), never as values.")
  String getHadoopConfig();

  void setHadoopConfig(String hadoopConfig);
}
