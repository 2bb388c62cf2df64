package dev.finpipe.io;

import static org.junit.Assert.assertEquals;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.delta.TableCommit;
import dev.finpipe.model.ModelCoders;
import dev.finpipe.model.SourceRef;
import dev.finpipe.model.Transaction;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class WriteTableFilesTest {
  @Rule public final transient TestPipeline write = TestPipeline.create();
  @Rule public final transient TestPipeline read = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  private static Transaction tx(String id, String amount, String currency, String eventTime) {
    return Transaction.builder()
        .setTransactionId(id)
        .setAccountId("ACC-1")
        .setUserId("U-1")
        .setAmount(new BigDecimal(amount))
        .setCurrency(currency)
        .setType("PURCHASE")
        .setStatus("APPROVED")
        .setChannel(null)
        .setMerchant("Tambo")
        .setCountry("PE")
        .setEventTime(Instant.parse(eventTime))
        .setIngestedAt(Instant.parse("2026-11-22T23:00:00Z"))
        .setSourceRef(SourceRef.fileLine("/in/a.jsonl", 1))
        .setPayload(null)
        .build();
  }

  @Test
  public void silverRowsRoundTripExactlyThroughParquetAndDelta() {
    String warehouse = tmp.getRoot().getAbsolutePath();
    List<Transaction> rows =
        List.of(
            tx("t1", "125.40", "PEN", "2026-11-21T23:59:59.999Z"),
            tx("t2", "0.001", "KWD", "2026-11-22T00:00:00Z"),
            tx("t3", "1000000000", "JPY", "2026-11-22T08:15:03.123Z"));
    write.apply(Create.of(rows)).apply(WriteTableFiles.of(new SilverRows()).to(warehouse).forRun("silver-r1"));
    write.run().waitUntilFinish();

    List<DataFile> files = RunFiles.find(warehouse, Tables.SILVER, "silver-r1");
    assertEquals(
        Map.of("2026-11-21", 1L, "2026-11-22", 2L),
        files.stream().collect(Collectors.groupingBy(DataFile::partitionValue, Collectors.summingLong(DataFile::numRecords))));
    assertEquals(
        Instant.parse("2026-11-22T08:15:03.123Z"),
        files.stream().map(DataFile::maxEventTime).filter(t -> t != null).max(Instant::compareTo).get());
    assertEquals(List.of(), RunFiles.find(warehouse, Tables.SILVER, "silver-other"));

    DeltaTable silver = DeltaTable.at(warehouse, Tables.SILVER);
    silver.commit(TableCommit.builder().setAppId("test").setAppVersion(0).setAdds(files).build());
    assertEquals(Instant.parse("2026-11-22T08:15:03.123Z"), silver.maxEventTime());

    List<String> paths = silver.liveFiles(null).stream().map(silver::absolutePath).collect(Collectors.toList());
    PCollection<Transaction> back =
        read.apply(ReadTableFiles.of(paths, SilverRows::fromRecord, ModelCoders.of(read, Transaction.class)));
    // Amounts come back at the table's scale (3): equal in value, and exactly these decimals.
    PAssert.that(back)
        .containsInAnyOrder(
            tx("t1", "125.400", "PEN", "2026-11-21T23:59:59.999Z"),
            tx("t2", "0.001", "KWD", "2026-11-22T00:00:00Z"),
            tx("t3", "1000000000.000", "JPY", "2026-11-22T08:15:03.123Z"));
    read.run();
  }
}
