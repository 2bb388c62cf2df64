package dev.finpipe.io;

import static dev.finpipe.io.TableSpec.Column.decimal;
import static dev.finpipe.io.TableSpec.Column.optional;
import static dev.finpipe.io.TableSpec.Column.required;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finpipe.io.TableSpec.Type;
import java.io.File;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.generic.GenericData;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class FileStatsTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final TableSpec SPEC =
      TableSpec.of(
          "t/stats",
          "date",
          required("name", Type.STRING),
          optional("note", Type.STRING),
          decimal("amount", 18, 3),
          required("at", Type.TIMESTAMP),
          required("n", Type.LONG),
          required("k", Type.INT),
          required("flag", Type.BOOLEAN),
          optional("empty", Type.STRING),
          required("long_text", Type.STRING));

  private static final long BASE_MICROS = 1_795_000_000_000_000L; // 2026-11-18T...

  private static String longText(int i) {
    return "L".repeat(35) + String.format("%04d", i);
  }

  private static ParquetMetadata writeRows(File file, int rows) throws Exception {
    Configuration conf = new Configuration();
    try (ParquetWriter<GenericData.Record> writer =
        AvroParquetWriter.<GenericData.Record>builder(HadoopOutputFile.fromPath(new Path(file.toURI()), conf))
            .withSchema(SPEC.avroSchema())
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            // Small row groups: the statistics must merge the bounds of several.
            .withRowGroupSize(4096L)
            .withPageSize(1024)
            .build()) {
      for (int i = 0; i < rows; i++) {
        GenericData.Record r = new GenericData.Record(SPEC.avroSchema());
        r.put("name", String.format("u-%04d", (i * 7919) % rows));
        r.put("note", i % 3 == 0 ? null : "x" + (i % 10));
        r.put("amount", AvroValues.decimal(SPEC.avroSchema().getField("amount").schema(), amount(i), 3));
        r.put("at", BASE_MICROS + i * 1000L + 7); // 7 µs past each millisecond
        r.put("n", i * 10L);
        r.put("k", -i);
        r.put("flag", i % 2 == 0);
        r.put("empty", null);
        r.put("long_text", longText(i));
        writer.write(r);
      }
    }
    FileStatus status = new Path(file.toURI()).getFileSystem(conf).getFileStatus(new Path(file.toURI()));
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(status, conf))) {
      return reader.getFooter();
    }
  }

  private static BigDecimal amount(int i) {
    return new BigDecimal(i).subtract(new BigDecimal("1000.125"));
  }

  @Test
  public void footerStatisticsBecomeDeltaStatsWithSafeBounds() throws Exception {
    int rows = 2000;
    ParquetMetadata footer = writeRows(new File(tmp.getRoot(), "a.parquet"), rows);
    assertTrue("the fixture must span several row groups", footer.getBlocks().size() > 1);

    JsonNode stats = new ObjectMapper().readTree(FileStats.fromFooter(footer, FileStats.DEFAULT_INDEXED_COLUMNS));

    // The expected bounds, computed from the rows as written.
    List<BigDecimal> amounts = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      amounts.add(amount(i));
      if (i % 3 != 0) {
        notes.add("x" + (i % 10));
      }
      names.add(String.format("u-%04d", (i * 7919) % rows));
    }
    assertEquals(rows, stats.get("numRecords").asLong());
    JsonNode min = stats.get("minValues");
    JsonNode max = stats.get("maxValues");
    JsonNode nulls = stats.get("nullCount");
    assertEquals(names.stream().min(Comparator.naturalOrder()).get(), min.get("name").asText());
    assertEquals(names.stream().max(Comparator.naturalOrder()).get(), max.get("name").asText());
    assertEquals(notes.stream().min(Comparator.naturalOrder()).get(), min.get("note").asText());
    assertEquals(notes.stream().max(Comparator.naturalOrder()).get(), max.get("note").asText());
    assertEquals(amounts.stream().min(Comparator.naturalOrder()).get(), min.get("amount").decimalValue());
    assertEquals(amounts.stream().max(Comparator.naturalOrder()).get(), max.get("amount").decimalValue());
    assertEquals("-1000.125", min.get("amount").decimalValue().toPlainString());
    // Millisecond precision: the min rounded down, the max (1,999 ms + 7 µs after the base) up to the next ms.
    assertEquals(java.time.Instant.ofEpochMilli(BASE_MICROS / 1000).toString().replace("Z", ".000Z"), min.get("at").asText());
    assertEquals(
        java.time.Instant.ofEpochMilli(BASE_MICROS / 1000 + rows).toString().replace("Z", ".000Z"), max.get("at").asText());
    assertEquals(0L, min.get("n").asLong());
    assertEquals((rows - 1) * 10L, max.get("n").asLong());
    assertEquals(-(rows - 1), min.get("k").asInt());
    assertEquals(0, max.get("k").asInt());
    // Strings longer than the prefix: the min is cut, the max cut and followed by U+10FFFF (still an upper bound).
    assertEquals("L".repeat(32), min.get("long_text").asText());
    String maxLong = max.get("long_text").asText();
    assertEquals("L".repeat(32) + new String(Character.toChars(0x10FFFF)), maxLong);
    assertTrue(longText(rows - 1).compareTo(maxLong) < 0);
    // Booleans and all-null columns: null counts only.
    assertFalse(min.has("flag"));
    assertFalse(max.has("flag"));
    assertFalse(min.has("empty"));
    assertEquals(0, nulls.get("flag").asLong());
    assertEquals(rows, nulls.get("empty").asLong());
    assertEquals(rows - notes.size(), nulls.get("note").asLong());
    assertEquals(0, nulls.get("name").asLong());
  }

  @Test
  public void onlyTheFirstIndexedColumnsGetStatistics() throws Exception {
    ParquetMetadata footer = writeRows(new File(tmp.getRoot(), "b.parquet"), 10);
    JsonNode stats = new ObjectMapper().readTree(FileStats.fromFooter(footer, 2));
    assertEquals(List.of("name", "note"), fieldNames(stats.get("nullCount")));
    assertEquals(List.of("name", "note"), fieldNames(stats.get("minValues")));
  }

  @Test
  public void aMaxWhoseNextCodePointIsTheLargestHasNoBound() {
    String prefix = "a".repeat(32);
    assertNull(FileStats.truncatedMax(prefix + new String(Character.toChars(0x10FFFF)) + "z"));
    assertEquals(prefix + new String(Character.toChars(0x10FFFF)), FileStats.truncatedMax(prefix + "zz"));
    assertEquals("short", FileStats.truncatedMax("short"));
    // Code points, not UTF-16 units: a supplementary character counts once and is never split.
    String emoji = new String(Character.toChars(0x1F600));
    String text = emoji.repeat(40);
    assertEquals(emoji.repeat(32) + new String(Character.toChars(0x10FFFF)), FileStats.truncatedMax(text));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
