package dev.finpipe.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A data file's statistics in the form of the Delta protocol's per-file statistics ({@code numRecords},
 * {@code minValues}, {@code maxValues}, {@code nullCount}), taken from its Parquet footer, so readers (Spark with
 * delta-spark, Delta Kernel, DuckDB) can skip files a filter cannot match.
 *
 * <p>Bounds are only ever widened, never guessed: the protocol requires a min at most and a max at least every value
 * in the file. Timestamps are written with millisecond precision (the min rounded down, the max up); strings are cut
 * to {@value #STRING_PREFIX} code points, the max followed by U+10FFFF so it stays an upper bound. A column any row
 * group lacks bounds for (e.g. values too long for Parquet to keep statistics) gets none, booleans and floating
 * point columns get only their null count.
 */
public final class FileStats {
  /** Delta's {@code delta.dataSkippingNumIndexedCols} default: statistics for the first 32 columns. */
  public static final int DEFAULT_INDEXED_COLUMNS = 32;

  /** Delta's default prefix length for string statistics. */
  static final int STRING_PREFIX = 32;

  private static final int MAX_CODE_POINT = Character.MAX_CODE_POINT;
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
          .disable(SerializationFeature.INDENT_OUTPUT);

  private FileStats() {}

  /** The statistics JSON of a file with this footer, for its first {@code indexedColumns} top-level columns. */
  public static String fromFooter(ParquetMetadata footer, int indexedColumns) {
    List<Type> fields = footer.getFileMetaData().getSchema().getFields();
    long rows = footer.getBlocks().stream().mapToLong(BlockMetaData::getRowCount).sum();
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode stats = nodes.objectNode();
    stats.put("numRecords", rows);
    ObjectNode mins = nodes.objectNode();
    ObjectNode maxes = nodes.objectNode();
    ObjectNode nulls = nodes.objectNode();
    for (int i = 0; i < Math.min(indexedColumns, fields.size()); i++) {
      Type field = fields.get(i);
      if (!field.isPrimitive()) {
        continue; // FinPipe's tables are flat; nested columns would need nested statistics objects
      }
      ColumnSummary summary = summarize(footer, field.getName(), field.asPrimitiveType());
      if (summary.nullCount != null) {
        nulls.put(field.getName(), summary.nullCount);
      }
      if (summary.min != null && summary.max != null) {
        putBound(mins, field.getName(), lowerBound(field.asPrimitiveType(), summary.min));
        putBound(maxes, field.getName(), upperBound(field.asPrimitiveType(), summary.max));
      }
    }
    stats.set("minValues", mins);
    stats.set("maxValues", maxes);
    stats.set("nullCount", nulls);
    try {
      return JSON.writeValueAsString(stats);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class ColumnSummary {
    @Nullable Long nullCount = 0L;
    @Nullable Statistics<?> merged;
    boolean boundsKnown = true;
    @Nullable Object min;
    @Nullable Object max;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static ColumnSummary summarize(ParquetMetadata footer, String name, PrimitiveType type) {
    ColumnSummary summary = new ColumnSummary();
    for (BlockMetaData block : footer.getBlocks()) {
      ColumnChunkMetaData chunk = chunk(block, name);
      Statistics<?> stats = chunk == null ? null : chunk.getStatistics();
      if (stats == null || !stats.isNumNullsSet()) {
        summary.nullCount = null;
        summary.boundsKnown = false;
        continue;
      }
      if (summary.nullCount != null) {
        summary.nullCount += stats.getNumNulls();
      }
      boolean allNull = stats.getNumNulls() == block.getRowCount();
      if (stats.hasNonNullValue()) {
        if (summary.merged == null) {
          summary.merged = Statistics.createStats(type);
        }
        ((Statistics) summary.merged).mergeStatistics(stats);
      } else if (!allNull) {
        summary.boundsKnown = false; // values exist but Parquet kept no bounds for them
      }
    }
    if (summary.boundsKnown && summary.merged != null && summary.merged.hasNonNullValue() && hasBounds(type)) {
      summary.min = summary.merged.genericGetMin();
      summary.max = summary.merged.genericGetMax();
    }
    return summary;
  }

  private static @Nullable ColumnChunkMetaData chunk(BlockMetaData block, String name) {
    for (ColumnChunkMetaData column : block.getColumns()) {
      if (column.getPath().size() == 1 && column.getPath().toArray()[0].equals(name)) {
        return column;
      }
    }
    return null;
  }

  private static boolean hasBounds(PrimitiveType type) {
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    switch (type.getPrimitiveTypeName()) {
      case INT32:
      case INT64:
        return logical == null
            || logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation
            || logical instanceof DecimalLogicalTypeAnnotation
            || logical instanceof TimestampLogicalTypeAnnotation
            || logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation;
      case BINARY:
      case FIXED_LEN_BYTE_ARRAY:
        return logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
            || logical instanceof DecimalLogicalTypeAnnotation;
      default:
        return false; // booleans (Delta keeps none), floating point (NaN ordering), INT96
    }
  }

  private static @Nullable Object lowerBound(PrimitiveType type, Object min) {
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    if (logical instanceof TimestampLogicalTypeAnnotation) {
      long micros = toMicros((TimestampLogicalTypeAnnotation) logical, (Long) min, false);
      return MILLIS.format(Instant.ofEpochMilli(Math.floorDiv(micros, 1000L)));
    }
    if (logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation) {
      String value = ((Binary) min).toStringUsingUTF8();
      return value.codePointCount(0, value.length()) <= STRING_PREFIX ? value : prefix(value);
    }
    return exact(type, min);
  }

  private static @Nullable Object upperBound(PrimitiveType type, Object max) {
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    if (logical instanceof TimestampLogicalTypeAnnotation) {
      long micros = toMicros((TimestampLogicalTypeAnnotation) logical, (Long) max, true);
      return MILLIS.format(Instant.ofEpochMilli(-Math.floorDiv(-micros, 1000L)));
    }
    if (logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation) {
      return truncatedMax(((Binary) max).toStringUsingUTF8());
    }
    return exact(type, max);
  }

  /**
   * An upper bound of every string at most {@code max} (in UTF-8 byte order, which is code point order): the first
   * {@value #STRING_PREFIX} code points followed by the largest code point. Null (no bound) in the one case where
   * that is not larger: when the code point after the prefix is itself the largest.
   */
  static @Nullable String truncatedMax(String max) {
    if (max.codePointCount(0, max.length()) <= STRING_PREFIX) {
      return max;
    }
    String prefix = prefix(max);
    if (max.codePointAt(prefix.length()) == MAX_CODE_POINT) {
      return null;
    }
    return prefix + new String(Character.toChars(MAX_CODE_POINT));
  }

  private static String prefix(String value) {
    return value.substring(0, value.offsetByCodePoints(0, STRING_PREFIX));
  }

  private static Object exact(PrimitiveType type, Object value) {
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    if (logical instanceof DecimalLogicalTypeAnnotation) {
      int scale = ((DecimalLogicalTypeAnnotation) logical).getScale();
      if (value instanceof Binary) {
        return new BigDecimal(new BigInteger(((Binary) value).getBytes()), scale);
      }
      return BigDecimal.valueOf(((Number) value).longValue(), scale);
    }
    if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
      return LocalDate.ofEpochDay((Integer) value).toString();
    }
    return value; // Integer or Long
  }

  /** Epoch microseconds, rounded down or ({@code up}) up. */
  private static long toMicros(TimestampLogicalTypeAnnotation logical, long value, boolean up) {
    switch (logical.getUnit()) {
      case MILLIS:
        return Math.multiplyExact(value, 1000L);
      case MICROS:
        return value;
      case NANOS:
        return up ? -Math.floorDiv(-value, 1000L) : Math.floorDiv(value, 1000L);
      default:
        throw new IllegalStateException("Unknown timestamp unit " + logical.getUnit());
    }
  }

  private static void putBound(ObjectNode node, String name, @Nullable Object value) {
    if (value == null) {
      return;
    }
    if (value instanceof String) {
      node.put(name, (String) value);
    } else if (value instanceof BigDecimal) {
      node.put(name, (BigDecimal) value);
    } else if (value instanceof Long) {
      node.put(name, (Long) value);
    } else if (value instanceof Integer) {
      node.put(name, (Integer) value);
    } else {
      throw new IllegalStateException("Unexpected statistics value " + value.getClass());
    }
  }
}
