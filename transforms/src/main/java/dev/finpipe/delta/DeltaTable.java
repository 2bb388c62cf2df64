package dev.finpipe.delta;

import dev.finpipe.io.DataFile;
import dev.finpipe.io.HadoopConfigurations;
import dev.finpipe.io.RunFiles;
import dev.finpipe.io.TableSpec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.standalone.CommitResult;
import io.delta.standalone.DeltaLog;
import io.delta.standalone.Operation;
import io.delta.standalone.OptimisticTransaction;
import io.delta.standalone.Snapshot;
import io.delta.standalone.VersionLog;
import io.delta.standalone.actions.Action;
import io.delta.standalone.actions.AddFile;
import io.delta.standalone.actions.CommitInfo;
import io.delta.standalone.actions.Metadata;
import io.delta.standalone.actions.RemoveFile;
import io.delta.standalone.actions.SetTransaction;
import io.delta.standalone.types.BooleanType;
import io.delta.standalone.types.DataType;
import io.delta.standalone.types.DateType;
import io.delta.standalone.types.DecimalType;
import io.delta.standalone.types.DoubleType;
import io.delta.standalone.types.IntegerType;
import io.delta.standalone.types.LongType;
import io.delta.standalone.types.StringType;
import io.delta.standalone.types.StructField;
import io.delta.standalone.types.StructType;
import io.delta.standalone.types.TimestampType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * One Delta table of the warehouse, read and committed with delta-standalone. This class is the only place that
 * knows delta-standalone exists.
 */
public final class DeltaTable {
  /** Engine string written into every commit's {@code commitInfo}. */
  public static final String ENGINE_INFO = "FinPipe/0.1 (Apache Beam 2.62.0; delta-standalone 3.3.2)";

  private static final String MAX_EVENT_TIME_TAG = "finpipe.maxEventTimeMillis";
  private static final ObjectMapper STATS_JSON = new ObjectMapper();
  private static final java.util.regex.Pattern COMMIT_FILE = java.util.regex.Pattern.compile("\\d{20}\\.json");

  private final TableSpec spec;
  private final String tableDir;
  private final DeltaLog log;

  private DeltaTable(String warehouse, TableSpec spec) {
    this.spec = spec;
    this.tableDir = RunFiles.tableDir(warehouse, spec);
    this.log = DeltaLog.forTable(HadoopConfigurations.create(), tableDir);
  }

  // For listing the log directory; must match the Configuration the DeltaLog above is given.
  private static Configuration hadoopConf() {
    return HadoopConfigurations.create(); // the same settings (object stores, credentials) the DeltaLog gets
  }

  public static DeltaTable at(String warehouse, TableSpec spec) {
    return new DeltaTable(warehouse, spec);
  }

  public TableSpec spec() {
    return spec;
  }

  /** Whether the table has a first version; reads the log anew, so a long-lived instance sees other writers. */
  public boolean exists() {
    return log.update().getVersion() >= 0;
  }

  /** The latest committed version, or -1 for a table that does not exist yet. */
  public long version() {
    return exists() ? log.update().getVersion() : -1L;
  }

  /** The version last committed under {@code appId}, or -1. */
  public long appVersion(String appId) {
    return exists() ? log.startTransaction().txnVersion(appId) : -1L;
  }

  /** The files of the current snapshot, optionally only those of some partitions ({@code null}: all). */
  public List<DataFile> liveFiles(@Nullable Set<String> partitions) {
    List<DataFile> files = new ArrayList<>();
    if (!exists()) {
      return files;
    }
    for (AddFile add : log.update().getAllFiles()) {
      DataFile file = toDataFile(add);
      if (partitions == null || partitions.contains(file.partitionValue())) {
        files.add(file);
      }
    }
    return files;
  }

  /**
   * The live files that may hold a row whose string column {@code column} equals one of {@code keys}: files whose
   * statistics bound the column ({@code minValues}/{@code maxValues}, see {@code FileStats}) with at least one key in
   * {@code [min, max]}, plus every file without such bounds (no statistics, unreadable ones, or none kept for the
   * column), which cannot be ruled out. Bounds compare in code point order (UTF-8 byte order, as the protocol's), so a
   * truncated max ending in U+10FFFF stays an upper bound. No keys, no files.
   *
   * @throws IllegalArgumentException if {@code column} is not a string column of the table
   */
  public List<DataFile> liveFilesMayContain(String column, Collection<String> keys) {
    if (spec.column(column).type() != TableSpec.Type.STRING) {
      throw new IllegalArgumentException(column + " of " + spec.path() + " is not a string column");
    }
    List<DataFile> files = new ArrayList<>();
    if (keys.isEmpty() || !exists()) {
      return files;
    }
    TreeSet<String> sorted = new TreeSet<>(DeltaTable::compareCodePoints);
    sorted.addAll(keys);
    for (AddFile add : log.update().getAllFiles()) {
      String[] bounds = stringBounds(add.getStats(), column);
      String lowest = bounds == null ? null : sorted.ceiling(bounds[0]);
      if (bounds == null || (lowest != null && compareCodePoints(lowest, bounds[1]) <= 0)) {
        files.add(toDataFile(add));
      }
    }
    return files;
  }

  /** The {@code [min, max]} statistics of {@code column} in {@code stats}, or null when either is not known. */
  private static String @Nullable [] stringBounds(@Nullable String stats, String column) {
    if (stats == null) {
      return null;
    }
    try {
      JsonNode node = STATS_JSON.readTree(stats);
      if (node.isTextual()) {
        node = STATS_JSON.readTree(node.asText()); // stats kept as the JSON string the log holds
      }
      JsonNode min = node.path("minValues").path(column);
      JsonNode max = node.path("maxValues").path(column);
      return min.isTextual() && max.isTextual() ? new String[] {min.asText(), max.asText()} : null;
    } catch (IOException e) {
      return null; // a file the statistics cannot rule out is read
    }
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }

  /**
   * Files whose rows versions {@code (afterVersion, upToVersion]} added and did not take back. A compaction's
   * rewrite ({@code dataChange=false}) neither adds rows nor takes them back: its new files are not listed, and a
   * file of the range it merged away is still listed (its rows are new to the reader, and the file stays on disk
   * while the log's tombstone retention keeps it, as Delta's streaming readers also assume).
   */
  public List<DataFile> filesAddedBetween(long afterVersion, long upToVersion) {
    Map<String, DataFile> added = new LinkedHashMap<>();
    forEachVersionBetween(afterVersion, upToVersion, version -> {
      for (Action action : version.getActions()) {
        if (action instanceof AddFile && ((AddFile) action).isDataChange()) {
          added.put(((AddFile) action).getPath(), toDataFile((AddFile) action));
        } else if (action instanceof RemoveFile && ((RemoveFile) action).isDataChange()) {
          added.remove(((RemoveFile) action).getPath());
        }
      }
    });
    return new ArrayList<>(added.values());
  }

  /**
   * The rows each version in {@code (afterVersion, upToVersion]} added, by version in order (0 for a version that
   * added none, e.g. a compaction): what a consumer needs to take whole versions up to a row budget.
   */
  public SortedMap<Long, Long> rowsAddedByVersion(long afterVersion, long upToVersion) {
    SortedMap<Long, Long> rows = new TreeMap<>();
    forEachVersionBetween(afterVersion, upToVersion, version -> {
      long added = 0;
      for (Action action : version.getActions()) {
        if (action instanceof AddFile && ((AddFile) action).isDataChange()) {
          added += Math.max(numRecords(((AddFile) action).getStats()), 0);
        }
      }
      rows.put(version.getVersion(), added);
    });
    return rows;
  }

  /** Each version in {@code (afterVersion, upToVersion]} of the log, oldest first; none when the table does not exist. */
  private void forEachVersionBetween(long afterVersion, long upToVersion, Consumer<VersionLog> action) {
    if (!exists() || upToVersion <= afterVersion) {
      return;
    }
    Iterator<VersionLog> changes = log.getChanges(afterVersion + 1, true);
    while (changes.hasNext()) {
      VersionLog version = changes.next();
      if (version.getVersion() > upToVersion) {
        break;
      }
      action.accept(version);
    }
  }

  /**
   * Every file path the table still references: its live files and the files a version removed within the tombstone
   * retention ({@code delta.deletedFileRetentionDuration}, a week by default), which time travel may still read.
   * Files outside this set are not needed by any version a reader can open. Read from the latest checkpoint and the
   * commits after it, not from version 0.
   */
  public Set<String> referencedPaths() {
    Set<String> paths = new HashSet<>();
    if (!exists()) {
      return paths;
    }
    Snapshot snapshot = log.update();
    for (AddFile add : snapshot.getAllFiles()) {
      paths.add(add.getPath());
    }
    for (RemoveFile remove : tombstones(snapshot)) {
      paths.add(remove.getPath());
    }
    return paths;
  }

  /**
   * The files that versions removed at or before {@code cutoffMillis} and no live file still uses: what a vacuum with
   * that retention may delete (Delta's VACUUM rule), as paths relative to the table.
   */
  public Set<String> removedAtOrBefore(long cutoffMillis) {
    Set<String> paths = new HashSet<>();
    if (!exists()) {
      return paths;
    }
    Snapshot snapshot = log.update();
    Set<String> live = new HashSet<>();
    snapshot.getAllFiles().forEach(add -> live.add(add.getPath()));
    for (RemoveFile remove : tombstones(snapshot)) {
      long at = remove.getDeletionTimestamp().orElse(0L);
      if (at <= cutoffMillis && !live.contains(remove.getPath())) {
        paths.add(remove.getPath());
      }
    }
    return paths;
  }

  // delta-standalone keeps the tombstones in its snapshot state (checkpoint plus later commits) but exposes them only
  // on its implementation class; reading them there avoids replaying the log from version 0.
  private static List<RemoveFile> tombstones(Snapshot snapshot) {
    return scala.collection.JavaConverters.seqAsJavaList(
        ((io.delta.standalone.internal.SnapshotImpl) snapshot).tombstones());
  }

  /**
   * Every version of the log still on disk, oldest first (commits older than {@code delta.logRetentionDuration} are
   * cleaned up once a checkpoint covers them), with its commit time and the app versions it set: enough to tell when
   * a source position (a Kafka offset, an upstream version) first became visible in this table. Reads one file per
   * version: for tools and reports, never on a stage's per-batch path.
   */
  public List<TableVersion> history() {
    return history(0);
  }

  /** The versions from {@code fromVersion} on (or from the oldest still on disk, if later). */
  public List<TableVersion> history(long fromVersion) {
    List<TableVersion> versions = new ArrayList<>();
    if (!exists()) {
      return versions;
    }
    Iterator<VersionLog> changes = log.getChanges(Math.max(fromVersion, oldestCommit()), false);
    while (changes.hasNext()) {
      VersionLog version = changes.next();
      Instant committedAt = null;
      String operation = "";
      Map<String, String> metrics = Map.of();
      Map<String, Long> appVersions = new LinkedHashMap<>();
      for (Action action : version.getActions()) {
        if (action instanceof CommitInfo) {
          CommitInfo info = (CommitInfo) action;
          committedAt = new Instant(info.getTimestamp().getTime());
          operation = info.getOperation() == null ? "" : info.getOperation();
          metrics = info.getOperationMetrics().orElse(Map.of());
        } else if (action instanceof SetTransaction) {
          appVersions.put(((SetTransaction) action).getAppId(), ((SetTransaction) action).getVersion());
        }
      }
      if (committedAt == null) {
        throw new IllegalStateException(tableDir + " version " + version.getVersion() + " has no commitInfo");
      }
      versions.add(TableVersion.of(version.getVersion(), committedAt, appVersions, operation, metrics));
    }
    return versions;
  }

  /** The oldest version whose commit file is still in the log directory. */
  private long oldestCommit() {
    Path logDir = new Path(tableDir, "_delta_log");
    try {
      FileSystem fs = logDir.getFileSystem(hadoopConf());
      long oldest = Long.MAX_VALUE;
      for (FileStatus status : fs.listStatus(logDir, p -> COMMIT_FILE.matcher(p.getName()).matches())) {
        oldest = Math.min(oldest, Long.parseLong(status.getPath().getName().substring(0, 20)));
      }
      return oldest == Long.MAX_VALUE ? 0 : oldest;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + logDir, e);
    }
  }

  /** The log's checkpoints and commit files, for reports on how much a reader opening the table reads. */
  public LogFiles logFiles() {
    Path logDir = new Path(tableDir, "_delta_log");
    try {
      FileSystem fs = logDir.getFileSystem(hadoopConf());
      long commits = 0;
      long checkpoints = 0;
      long lastCheckpoint = -1;
      if (fs.exists(logDir)) {
        for (FileStatus status : fs.listStatus(logDir)) {
          String name = status.getPath().getName();
          if (COMMIT_FILE.matcher(name).matches()) {
            commits++;
          } else if (name.endsWith(".checkpoint.parquet")) {
            checkpoints++;
            lastCheckpoint = Math.max(lastCheckpoint, Long.parseLong(name.substring(0, 20)));
          }
        }
      }
      long latest = version();
      long replayed = latest < 0 ? 0 : latest - lastCheckpoint;
      return new LogFiles(commits, checkpoints, lastCheckpoint, replayed);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + logDir, e);
    }
  }

  /** Counts of a table's log files. */
  public static final class LogFiles {
    public final long commitFiles;
    public final long checkpoints;
    /** The latest checkpoint's version, or -1. */
    public final long lastCheckpoint;
    /** The commit files a reader opening the latest version replays after that checkpoint. */
    public final long commitsAfterCheckpoint;

    LogFiles(long commitFiles, long checkpoints, long lastCheckpoint, long commitsAfterCheckpoint) {
      this.commitFiles = commitFiles;
      this.checkpoints = checkpoints;
      this.lastCheckpoint = lastCheckpoint;
      this.commitsAfterCheckpoint = commitsAfterCheckpoint;
    }
  }

  /** The latest event time among live files, from the tag each file's footer statistics gave it; null if none. */
  public @Nullable Instant maxEventTime() {
    Instant max = null;
    for (DataFile file : liveFiles(null)) {
      Instant fileMax = file.maxEventTime();
      if (fileMax != null && (max == null || fileMax.isAfter(max))) {
        max = fileMax;
      }
    }
    return max;
  }

  /**
   * Commits the files atomically in one new version, with the table's schema if it does not exist yet. Returns the
   * new version, or empty when the table already holds {@code appVersion} for {@code appId} (a repeated commit).
   */
  public OptionalLong commit(TableCommit commit) {
    OptimisticTransaction txn = log.startTransaction();
    if (txn.txnVersion(commit.appId()) >= commit.appVersion()) {
      return OptionalLong.empty();
    }
    if (!log.tableExists()) {
      txn.updateMetadata(metadata());
    } else {
      evolveSchema(txn);
    }
    long now = System.currentTimeMillis();
    List<Action> actions = new ArrayList<>();
    long removedRows = 0;
    int removedFiles = 0;
    if (!commit.replacePartitions().isEmpty() || !commit.removes().isEmpty()) {
      txn.readWholeTable(); // a concurrent commit removing any of these files fails this one
      Set<String> toRemove = new java.util.HashSet<>(commit.removes());
      for (AddFile live : log.snapshot().getAllFiles()) {
        if (commit.replacePartitions().contains(partitionValueOf(live)) || toRemove.remove(live.getPath())) {
          actions.add(live.remove(now, true));
          removedRows += Math.max(numRecords(live.getStats()), 0);
          removedFiles++;
        }
      }
      if (!toRemove.isEmpty()) {
        throw new java.util.ConcurrentModificationException(tableDir + ": " + toRemove.size() + " of the files this "
            + "commit rewrites are no longer live (" + toRemove.iterator().next() + ", ...): another commit (a "
            + "compaction) rewrote them since they were read; nothing committed");
      }
    }
    for (DataFile file : commit.adds()) {
      actions.add(toAddFile(file, true));
    }
    actions.add(new SetTransaction(commit.appId(), commit.appVersion(), Optional.of(now)));
    commit.progress().forEach((id, v) -> actions.add(new SetTransaction(id, v, Optional.of(now))));

    // delta-standalone writes parameter values as raw JSON, and readers expect each to be a JSON string.
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("mode", jsonString(commit.replacePartitions().isEmpty() && commit.removes().isEmpty() ? "Append" : "Overwrite"));
    parameters.put("partitionBy", jsonString("[\"" + spec.partitionColumn() + "\"]"));
    if (!commit.replacePartitions().isEmpty()) {
      parameters.put(
          "replacedPartitions", jsonString(String.join(",", new java.util.TreeSet<>(commit.replacePartitions()))));
    }
    parameters.put("appId", jsonString(commit.appId()));
    parameters.put("appVersion", jsonString(Long.toString(commit.appVersion())));
    Map<String, String> metrics = new LinkedHashMap<>(commit.metrics());
    if (removedFiles > 0) {
      // What history shows as rows removed (RemoveFile actions carry no statistics of their own).
      metrics.put("numRemovedFiles", Integer.toString(removedFiles));
      metrics.put("numRemovedRows", Long.toString(removedRows));
    }
    Operation operation = new Operation(Operation.Name.WRITE, parameters, metrics, Optional.empty());
    CommitResult result = txn.commit(actions, operation, ENGINE_INFO);
    return OptionalLong.of(result.getVersion());
  }

  /**
   * When the spec has gained nullable columns, declares them in the same commit as the first files that carry them;
   * older files read back with nulls there. Any other difference (a column dropped, retyped, or added as required)
   * stops the commit: those need a rewrite, not an evolution.
   */
  private void evolveSchema(OptimisticTransaction txn) {
    StructType current = txn.metadata().getSchema();
    StructType wanted = schema();
    if (current.equals(wanted)) {
      return;
    }
    for (StructField field : current.getFields()) {
      StructField now = fieldOrNull(wanted, field.getName());
      if (now == null || !now.getDataType().equals(field.getDataType()) || now.isNullable() != field.isNullable()) {
        throw new IllegalStateException(
            tableDir + ": column " + field.getName() + " is " + field.getDataType().getSimpleString()
                + (field.isNullable() ? "" : " not null") + " in the table but "
                + (now == null ? "absent from" : now.getDataType().getSimpleString() + (now.isNullable() ? "" : " not null") + " in")
                + " the spec; only new nullable columns can be added without rewriting the table");
      }
    }
    for (StructField field : wanted.getFields()) {
      if (fieldOrNull(current, field.getName()) == null && !field.isNullable()) {
        throw new IllegalStateException(
            tableDir + ": new column " + field.getName() + " must be nullable (files written before it have no value)");
      }
    }
    txn.updateMetadata(txn.metadata().copyBuilder().schema(wanted).build());
  }

  private static @Nullable StructField fieldOrNull(StructType type, String name) {
    for (StructField field : type.getFields()) {
      if (field.getName().equals(name)) {
        return field;
      }
    }
    return null;
  }

  /**
   * Starts a rewrite of live files (compaction): the snapshot it reads and the transaction it commits with, so that
   * a concurrent commit that removed any of the same files makes {@link Rewrite#commit} fail instead of resurrecting
   * rows; concurrent appends do not conflict.
   */
  public Rewrite startRewrite() {
    if (!exists()) {
      throw new IllegalStateException(tableDir + " does not exist");
    }
    return new Rewrite(log.startTransaction());
  }

  /** A rewrite in progress: {@code dataChange=false} removes and adds, committed in one version. */
  public final class Rewrite {
    private final OptimisticTransaction txn;
    private final Map<String, AddFile> live = new LinkedHashMap<>();

    private Rewrite(OptimisticTransaction txn) {
      this.txn = txn;
      // The snapshot the transaction read: DeltaLog.snapshot() is the one startTransaction just updated to.
      for (AddFile add : log.snapshot().getAllFiles()) {
        live.put(add.getPath(), add);
      }
    }

    public long readVersion() {
      return txn.readVersion();
    }

    public List<DataFile> liveFiles() {
      List<DataFile> files = new ArrayList<>();
      live.values().forEach(add -> files.add(toDataFile(add)));
      return files;
    }

    /**
     * Replaces {@code removed} by {@code added} (the same rows) in one version and returns it. Throws
     * {@link java.util.ConcurrentModificationException} when a concurrent commit removed any of {@code removed}.
     */
    public long commit(List<DataFile> removed, List<DataFile> added, Map<String, String> metrics) {
      long now = System.currentTimeMillis();
      List<Action> actions = new ArrayList<>();
      for (DataFile file : removed) {
        AddFile add = live.get(file.relativePath());
        if (add == null) {
          throw new IllegalArgumentException(file.relativePath() + " is not a live file of " + tableDir);
        }
        actions.add(add.remove(now, false));
      }
      for (DataFile file : added) {
        actions.add(toAddFile(file, false));
      }
      Map<String, String> parameters = new LinkedHashMap<>();
      parameters.put("finpipeOperation", jsonString(OPTIMIZE));
      parameters.put("removedFiles", jsonString(Integer.toString(removed.size())));
      parameters.put("addedFiles", jsonString(Integer.toString(added.size())));
      Map<String, String> allMetrics = new LinkedHashMap<>(metrics);
      allMetrics.put("operation", OPTIMIZE);
      // delta-standalone has no OPTIMIZE operation name; Delta's history shows it from the parameters.
      Operation operation = new Operation(Operation.Name.MANUAL_UPDATE, parameters, allMetrics, Optional.empty());
      return txn.commit(actions, operation, ENGINE_INFO).getVersion();
    }
  }

  /** The operation a compaction records in its commit's metrics (and {@link TableVersion#operation()} shows). */
  public static final String OPTIMIZE = "OPTIMIZE";

  /** The column names of the table's current schema, partition column included; empty for no table. */
  public List<String> columnNames() {
    List<String> names = new ArrayList<>();
    if (exists()) {
      for (StructField field : log.update().getMetadata().getSchema().getFields()) {
        names.add(field.getName());
      }
    }
    return names;
  }

  /** The files of {@code version} (time travel). */
  public List<DataFile> liveFilesAt(long version) {
    List<DataFile> files = new ArrayList<>();
    for (AddFile add : log.getSnapshotForVersionAsOf(version).getAllFiles()) {
      files.add(toDataFile(add));
    }
    return files;
  }

  /**
   * The latest version committed at or before {@code at}, or -1 when the table had none yet. As in every Delta
   * reader, a version's time here is its commit file's modification time.
   */
  public long versionAsOf(Instant at) {
    if (!exists()) {
      return -1;
    }
    Path oldest = new Path(new Path(tableDir, "_delta_log"), String.format("%020d.json", oldestCommit()));
    try {
      if (at.getMillis() < oldest.getFileSystem(hadoopConf()).getFileStatus(oldest).getModificationTime()) {
        return -1; // delta-standalone refuses such times; for FinPipe the table did not exist yet
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + oldest, e);
    }
    return log.getVersionBeforeOrAtTimestamp(at.getMillis());
  }

  private static String jsonString(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private StructType schema() {
    List<StructField> fields = new ArrayList<>();
    for (TableSpec.Column column : spec.columns()) {
      fields.add(new StructField(column.name(), deltaType(column), column.nullable()));
    }
    fields.add(new StructField(spec.partitionColumn(), new DateType(), false));
    return new StructType(fields.toArray(new StructField[0]));
  }

  private Metadata metadata() {
    return Metadata.builder()
        .name(spec.path().replace('/', '_'))
        .description("FinPipe " + spec.path())
        .schema(schema())
        .partitionColumns(List.of(spec.partitionColumn()))
        .createdTime(System.currentTimeMillis())
        .build();
  }

  private static DataType deltaType(TableSpec.Column column) {
    switch (column.type()) {
      case STRING:
        return new StringType();
      case INT:
        return new IntegerType();
      case LONG:
        return new LongType();
      case BOOLEAN:
        return new BooleanType();
      case DOUBLE:
        return new DoubleType();
      case TIMESTAMP:
        return new TimestampType();
      case DECIMAL:
        return new DecimalType(column.precision(), column.scale());
      default:
        throw new IllegalStateException("Unmapped column type " + column.type());
    }
  }

  private AddFile toAddFile(DataFile file, boolean dataChange) {
    Map<String, String> tags = new LinkedHashMap<>();
    if (file.maxEventTime() != null) {
      tags.put(MAX_EVENT_TIME_TAG, Long.toString(file.maxEventTime().getMillis()));
    }
    return AddFile.builder(
            file.relativePath(),
            Map.of(spec.partitionColumn(), file.partitionValue()),
            file.sizeBytes(),
            file.modificationTime(),
            dataChange)
        // Also written raw: the Delta protocol wants stats as a JSON string holding a JSON object.
        .stats(jsonString(file.stats() != null ? file.stats() : "{\"numRecords\":" + file.numRecords() + "}"))
        .tags(tags)
        .build();
  }

  private String partitionValueOf(AddFile add) {
    return add.getPartitionValues().get(spec.partitionColumn());
  }

  private DataFile toDataFile(AddFile add) {
    Map<String, String> tags = add.getTags();
    String maxEventTime = tags == null ? null : tags.get(MAX_EVENT_TIME_TAG);
    return DataFile.of(
        add.getPath(),
        partitionValueOf(add),
        add.getSize(),
        add.getModificationTime(),
        numRecords(add.getStats()),
        maxEventTime == null ? null : new Instant(Long.parseLong(maxEventTime)));
  }

  private static long numRecords(@Nullable String stats) {
    if (stats == null) {
      return -1L;
    }
    int at = stats.indexOf("\"numRecords\":");
    if (at < 0) {
      return -1L;
    }
    int start = at + "\"numRecords\":".length();
    int end = start;
    while (end < stats.length() && Character.isDigit(stats.charAt(end))) {
      end++;
    }
    return Long.parseLong(stats.substring(start, end));
  }

  /** Absolute path of a file the log lists. */
  public String absolutePath(DataFile file) {
    return tableDir + "/" + file.relativePath();
  }

  @Override
  public String toString() {
    return tableDir;
  }
}
