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
}
