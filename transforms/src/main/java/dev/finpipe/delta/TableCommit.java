package dev.finpipe.delta;

import com.google.auto.value.AutoValue;
import dev.finpipe.io.DataFile;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What one stage commits to one table in one atomic Delta version. */
@AutoValue
public abstract class TableCommit {
  /** Identifies the writer, e.g. {@code finpipe-silver}; with {@link #appVersion()} it makes the commit idempotent. */
  public abstract String appId();

  /** Monotonic per app id; a commit whose version the table already has is skipped. */
  public abstract long appVersion();

  public abstract List<DataFile> adds();

  /** Partitions whose live files this commit replaces (gold); empty for appends. */
  public abstract Set<String> replacePartitions();

  /**
   * Live files (paths relative to the table) this commit removes: those a copy-on-write rewrite read (history
   * tables). One that is no longer live when the commit is made fails it, so that no row is lost or doubled.
   */
  public abstract List<String> removes();

  /**
   * Extra progress markers committed atomically with the data, e.g. {@code kafka:transactions/0 -> next offset}. Each
   * becomes a SetTransaction, which stays in every later snapshot: use them for a bounded set of sources.
   */
  public abstract Map<String, Long> progress();

  /** Run figures recorded in the commit's {@code commitInfo.operationMetrics}. */
  public abstract Map<String, String> metrics();

  public abstract Builder toBuilder();

  public static Builder builder() {
    return new AutoValue_TableCommit.Builder()
        .setReplacePartitions(Set.of())
        .setRemoves(List.of())
        .setProgress(Map.of())
        .setMetrics(Map.of());
  }

  /** Builder for {@link TableCommit}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setAppId(String appId);

    public abstract Builder setAppVersion(long appVersion);

    public abstract Builder setAdds(List<DataFile> adds);

    public abstract Builder setReplacePartitions(Set<String> partitions);

    public abstract Builder setRemoves(List<String> relativePaths);

    public abstract Builder setProgress(Map<String, Long> progress);

    public abstract Builder setMetrics(Map<String, String> metrics);

    public abstract TableCommit build();
  }
}
