package dev.finpipe.testing;

import dev.finpipe.io.RunFiles;
import dev.finpipe.io.SilverRows;
import dev.finpipe.io.Tables;
import dev.finpipe.io.WriteTableFiles;
import dev.finpipe.model.SourceRef;
import dev.finpipe.model.Transaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.joda.time.Instant;

/** Silver rows written straight to Parquet files named as a run's, for tests of what readers do with the log. */
public final class SilverFiles {
  private SilverFiles() {}

  public static Transaction tx(String id, String userId, String amount, String eventTime) {
    return Transaction.builder()
        .setTransactionId(id)
        .setAccountId("ACC-" + userId)
        .setUserId(userId)
        .setAmount(new BigDecimal(amount))
        .setCurrency("PEN")
        .setType("PURCHASE")
        .setStatus("APPROVED")
        .setChannel("MOBILE")
        .setMerchant(null)
        .setCountry("PE")
        .setEventTime(Instant.parse(eventTime))
        .setIngestedAt(Instant.parse("2026-11-23T00:00:00Z"))
        .setSourceRef(SourceRef.fileLine("in/tx.jsonl", 1))
        .setPayload(null)
        .build();
  }

  /** Writes the rows as file number {@code shard} of {@code runId}, in the partition of the first row. */
  public static void write(String warehouse, String runId, int shard, List<Transaction> rows) {
    SilverRows format = new SilverRows();
    String partition = Tables.SILVER.partitionColumn() + "=" + format.partitionValue(rows.get(0));
    Path file =
        new Path(
            RunFiles.tableDir(warehouse, Tables.SILVER) + "/" + partition + "/"
                + WriteTableFiles.filePrefix(runId) + String.format("%05d-test.snappy.parquet", shard));
    try (ParquetWriter<GenericRecord> writer =
        AvroParquetWriter.<GenericRecord>builder(HadoopOutputFile.fromPath(file, new Configuration()))
            .withSchema(format.schema())
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .build()) {
      for (Transaction tx : rows) {
        writer.write(format.toRecord(tx));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }
}
