package dev.finpipe.io;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/** A Parquet file of a table, as the committer adds it to the log and the readers find it there. */
@AutoValue
public abstract class DataFile implements Serializable {
  /** Path relative to the table directory, e.g. {@code event_date=2026-11-22/part-...parquet}. */
  public abstract String relativePath();

  /** The value of the table's partition column (an ISO date). */
  public abstract String partitionValue();

  public abstract long sizeBytes();

  public abstract long modificationTime();

  public abstract long numRecords();

  /** Latest {@code event_time} in the file, for tables that have the column; the silver watermark derives from it. */
  public abstract @Nullable Instant maxEventTime();

  /**
   * The file's statistics as the Delta protocol writes them ({@link FileStats}), from its footer; null when not
   * known (files read back from the log: FinPipe writes the statistics for other readers; only
   * {@code DeltaTable.liveFilesMayContain} reads them, from the log itself).
   */
  public abstract @Nullable String stats();

  public static DataFile of(
      String relativePath,
      String partitionValue,
      long sizeBytes,
      long modificationTime,
      long numRecords,
      @Nullable Instant maxEventTime) {
    return of(relativePath, partitionValue, sizeBytes, modificationTime, numRecords, maxEventTime, null);
  }

  public static DataFile of(
      String relativePath,
      String partitionValue,
      long sizeBytes,
      long modificationTime,
      long numRecords,
      @Nullable Instant maxEventTime,
      @Nullable String stats) {
    return new AutoValue_DataFile(
        relativePath, partitionValue, sizeBytes, modificationTime, numRecords, maxEventTime, stats);
  }
}
