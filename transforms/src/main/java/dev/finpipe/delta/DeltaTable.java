package dev.finpipe.delta;

import dev.finpipe.io.DataFile;
import dev.finpipe.io.HadoopConfigurations;
import dev.finpipe.io.RunFiles;
import dev.finpipe.io.TableSpec;
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
import io.delta.standalone.types.IntegerType;
import io.delta.standalone.types.LongType;
import io.delta.standalone.types.StringType;
import io.delta.standalone.types.StructField;
import io.delta.standalone.types.StructType;
import io.delta.standalone.types.TimestampType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
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

  private final TableSpec spec;
  private final String tableDir;
  private final DeltaLog log;

  private DeltaTable(String warehouse, TableSpec spec) {
    this.spec = spec;
    this.tableDir = RunFiles.tableDir(warehouse, spec);
    this.log = DeltaLog.forTable(HadoopConfigurations.create(), tableDir);
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

  /** Files added in versions {@code (afterVersion, upToVersion]} and still live at {@code upToVersion}. */
  public List<DataFile> filesAddedBetween(long afterVersion, long upToVersion) {
    Map<String, DataFile> added = new LinkedHashMap<>();
    if (!exists() || upToVersion <= afterVersion) {
      return new ArrayList<>();
    }
    Iterator<VersionLog> changes = log.getChanges(afterVersion + 1, true);
    while (changes.hasNext()) {
      VersionLog version = changes.next();
      if (version.getVersion() > upToVersion) {
        break;
      }
      for (Action action : version.getActions()) {
        if (action instanceof AddFile && ((AddFile) action).isDataChange()) {
          added.put(((AddFile) action).getPath(), toDataFile((AddFile) action));
        } else if (action instanceof RemoveFile) {
          added.remove(((RemoveFile) action).getPath());
        }
      }
    }
    return new ArrayList<>(added.values());
  }

  /** Every file path any version of the log ever added: files outside this set were never committed. */
  public Set<String> everCommittedPaths() {
    Set<String> paths = new HashSet<>();
    if (!exists()) {
      return paths;
    }
    Iterator<VersionLog> changes = log.getChanges(0, false);
    while (changes.hasNext()) {
      for (Action action : changes.next().getActions()) {
        if (action instanceof AddFile) {
          paths.add(((AddFile) action).getPath());
        }
      }
    }
    for (AddFile add : log.update().getAllFiles()) {
      paths.add(add.getPath()); // versions folded into a checkpoint are still live here
    }
    return paths;
  }

  /**
   * Every version of the log, oldest first, with its commit time and the app versions it set: enough to tell when a
   * source position (a Kafka offset, an upstream version) first became visible in this table.
   */
  public List<TableVersion> history() {
    List<TableVersion> versions = new ArrayList<>();
    if (!exists()) {
      return versions;
    }
    Iterator<VersionLog> changes = log.getChanges(0, false);
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
    }
    long now = System.currentTimeMillis();
    List<Action> actions = new ArrayList<>();
    if (!commit.replacePartitions().isEmpty()) {
      txn.readWholeTable();
      for (AddFile live : log.snapshot().getAllFiles()) {
        if (commit.replacePartitions().contains(partitionValueOf(live))) {
          actions.add(live.remove(now, true));
        }
      }
    }
    for (DataFile file : commit.adds()) {
      actions.add(toAddFile(file));
    }
    actions.add(new SetTransaction(commit.appId(), commit.appVersion(), Optional.of(now)));
    commit.progress().forEach((id, v) -> actions.add(new SetTransaction(id, v, Optional.of(now))));

    // delta-standalone writes parameter values as raw JSON, and readers expect each to be a JSON string.
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("mode", jsonString(commit.replacePartitions().isEmpty() ? "Append" : "Overwrite"));
    parameters.put("partitionBy", jsonString("[\"" + spec.partitionColumn() + "\"]"));
    if (!commit.replacePartitions().isEmpty()) {
      parameters.put(
          "replacedPartitions", jsonString(String.join(",", new java.util.TreeSet<>(commit.replacePartitions()))));
    }
    parameters.put("appId", jsonString(commit.appId()));
    parameters.put("appVersion", jsonString(Long.toString(commit.appVersion())));
    Operation operation =
        new Operation(Operation.Name.WRITE, parameters, commit.metrics(), Optional.empty());
    CommitResult result = txn.commit(actions, operation, ENGINE_INFO);
    return OptionalLong.of(result.getVersion());
  }

  private static String jsonString(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private Metadata metadata() {
    List<StructField> fields = new ArrayList<>();
    for (TableSpec.Column column : spec.columns()) {
      fields.add(new StructField(column.name(), deltaType(column), column.nullable()));
    }
    fields.add(new StructField(spec.partitionColumn(), new DateType(), false));
    return Metadata.builder()
        .name(spec.path().replace('/', '_'))
        .description("FinPipe " + spec.path())
        .schema(new StructType(fields.toArray(new StructField[0])))
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
      case TIMESTAMP:
        return new TimestampType();
      case DECIMAL:
        return new DecimalType(column.precision(), column.scale());
      default:
        throw new IllegalStateException("Unmapped column type " + column.type());
    }
  }

  private AddFile toAddFile(DataFile file) {
    Map<String, String> tags = new LinkedHashMap<>();
    if (file.maxEventTime() != null) {
      tags.put(MAX_EVENT_TIME_TAG, Long.toString(file.maxEventTime().getMillis()));
    }
    return AddFile.builder(
            file.relativePath(),
            Map.of(spec.partitionColumn(), file.partitionValue()),
            file.sizeBytes(),
            file.modificationTime(),
            true)
        // Also written raw: the Delta protocol wants stats as a JSON string holding a JSON object.
        .stats(jsonString("{\"numRecords\":" + file.numRecords() + "}"))
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
