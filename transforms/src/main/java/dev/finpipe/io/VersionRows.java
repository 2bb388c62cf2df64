package dev.finpipe.io;

import dev.finpipe.history.Version;
import dev.finpipe.io.TableSpec.Column;
import dev.finpipe.model.ChangeRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The versions of a change-record domain's entities as rows of its history table ({@code silver/<domain>}: every
 * version) or current-state table ({@code silver/<domain>_current}: the current version of each entity not deleted).
 * The columns are the record type's own ({@link SchemaRows}) followed by {@code valid_from}, {@code valid_to} (null
 * while current) and {@code is_current}. Rows are partitioned by {@code id_bucket}, one of {@value #BUCKETS}
 * buckets of the entity id's hash, so that a batch's rewrite reads and replaces only the files of its entities'
 * buckets (and, within them, only the files whose id range holds one of its entities).
 */
public final class VersionRows<T extends ChangeRecord> extends TableFormat<Version<T>> {
  public static final int BUCKETS = 16;
  public static final String BUCKET_COLUMN = "id_bucket";

  private final SchemaRows<T> columns;

  private VersionRows(TableSpec spec, SchemaRows<T> columns) {
    super(spec);
    this.columns = columns;
  }

  /** The table at {@code path} of the versions of {@code type}. */
  public static <T extends ChangeRecord> VersionRows<T> of(String path, Class<T> type) {
    SchemaRows<T> columns = SchemaRows.of(type);
    List<Column> all = new ArrayList<>(columns.columns());
    all.add(Column.required("valid_from", TableSpec.Type.TIMESTAMP));
    all.add(Column.optional("valid_to", TableSpec.Type.TIMESTAMP));
    all.add(Column.required("is_current", TableSpec.Type.BOOLEAN));
    return new VersionRows<>(TableSpec.of(path, BUCKET_COLUMN, all.toArray(new Column[0])), columns);
  }

  /** The bucket of an entity id: {@code 00} to {@code 15}, stable across JVMs ({@link String#hashCode} is specified). */
  public static String bucketOf(String entityId) {
    return String.format(Locale.ROOT, "%02d", Math.floorMod(entityId.hashCode(), BUCKETS));
  }

  @Override
  public String partitionValue(Version<T> version) {
    return bucketOf(version.getRecord().recordId());
  }

  @Override
  public GenericRecord toRecord(Version<T> version) {
    GenericData.Record r = newRecord();
    columns.put(version.getRecord(), r);
    r.put("valid_from", AvroValues.timestamp(version.getValidFrom()));
    r.put("valid_to", AvroValues.timestampOrNull(version.getValidTo()));
    r.put("is_current", version.isCurrent());
    return r;
  }

  /** The version a row holds (its record without payload). */
  public Version<T> fromRecord(GenericRecord r) {
    return Version.of(columns.get(r), AvroValues.timestamp(r, "valid_from"), AvroValues.timestampOrNull(r, "valid_to"));
  }
}
