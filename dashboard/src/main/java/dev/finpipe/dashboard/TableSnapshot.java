package dev.finpipe.dashboard;

import dev.finpipe.delta.TableVersion;
import dev.finpipe.io.DataFile;
import dev.finpipe.io.TableSpec;
import java.util.List;

/**
 * One table as one version of its Delta log defines it: the live files (absolute paths, for DuckDB) and the log's
 * history. Immutable, so it can be cached under its version.
 */
public final class TableSnapshot {
  private final TableSpec spec;
  private final long version;
  private final List<DataFile> files;
  private final List<String> paths;
  private final List<TableVersion> history;

  TableSnapshot(TableSpec spec, long version, List<DataFile> files, List<String> paths, List<TableVersion> history) {
    this.spec = spec;
    this.version = version;
    this.files = List.copyOf(files);
    this.paths = List.copyOf(paths);
    this.history = List.copyOf(history);
  }

  public TableSpec spec() {
    return spec;
  }

  /** The version, or -1 for a table that does not exist (yet). */
  public long version() {
    return version;
  }

  public boolean exists() {
    return version >= 0;
  }

  public List<DataFile> files() {
    return files;
  }

  /** Absolute paths of the live files, in the order of {@link #files()}. */
  public List<String> paths() {
    return paths;
  }

  public List<TableVersion> history() {
    return history;
  }

  public long rows() {
    return files.stream().mapToLong(DataFile::numRecords).sum();
  }

  public long bytes() {
    return files.stream().mapToLong(DataFile::sizeBytes).sum();
  }
}
