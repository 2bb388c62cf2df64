package dev.finpipe.ops;

import com.google.auto.value.AutoValue;
import dev.finpipe.model.EventDates;
import dev.finpipe.validate.OpsRules;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * A gold {@code service_minute} row: one service's health in one UTC minute, from its log lines (counts per level,
 * error ratio, latency percentiles from a {@link LatencySketch}) and its hosts' metric samples (count, sum, min,
 * average and maximum of each metric of {@link OpsRules#METRICS}). Its getters are the table's columns, in order
 * ({@code dev.finpipe.io.SchemaRows}); the partition column {@code date} is the UTC date of {@link #getMinute()}.
 *
 * <p>A line whose level is not one of {@link OpsRules#LEVELS} (kept only where the rule {@code level_known} warns)
 * counts in {@link #getLogCount()} and in no level's count; a sample of a metric not in {@link OpsRules#METRICS}
 * (where {@code metric_known} warns) is in no column. A metric's sum is of its values rounded to
 * millionths ({@link #SUM_UNITS_PER_ONE}; exact in longs, so the same in whatever order batches and runners merge them); its average is
 * that sum over its count, its minimum and maximum are exact.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class ServiceMinute implements Serializable {
  /** A metric's values are summed in millionths: each value is rounded to a whole number of them first. */
  public static final long SUM_UNITS_PER_ONE = 1_000_000L;

  /** The percentiles of the latency columns. */
  public static final int[] PERCENTILES = {50, 95, 99};

  @SchemaFieldNumber("0")
  public abstract String getService();

  /** The start of the UTC minute (seconds and milliseconds 0). */
  @SchemaFieldNumber("1")
  public abstract Instant getMinute();

  /** Every log line of the minute, whatever its level. */
  @SchemaFieldNumber("2")
  public abstract long getLogCount();

  @SchemaFieldNumber("3")
  public abstract long getDebugCount();

  @SchemaFieldNumber("4")
  public abstract long getInfoCount();

  @SchemaFieldNumber("5")
  public abstract long getWarnCount();

  @SchemaFieldNumber("6")
  public abstract long getErrorCount();

  @SchemaFieldNumber("7")
  public abstract long getFatalCount();

  /** (ERROR + FATAL) / all lines; null without lines. */
  @SchemaFieldNumber("8")
  public abstract @Nullable Double getErrorRatio();

  /** Lines that have a {@code latency_ms}. */
  @SchemaFieldNumber("9")
  public abstract long getLatencyCount();

  @SchemaFieldNumber("10")
  public abstract @Nullable Double getLogLatencyP50Ms();

  @SchemaFieldNumber("11")
  public abstract @Nullable Double getLogLatencyP95Ms();

  @SchemaFieldNumber("12")
  public abstract @Nullable Double getLogLatencyP99Ms();

  /** {@link LatencySketch#encode()} of the lines' latencies; null when no line had one. */
  @SchemaFieldNumber("13")
  public abstract @Nullable String getLatencySketch();

  @SchemaFieldNumber("14")
  public abstract long getCpuPctCount();

  @SchemaFieldNumber("15")
  public abstract double getCpuPctSum();

  @SchemaFieldNumber("16")
  public abstract @Nullable Double getCpuPctMin();

  @SchemaFieldNumber("17")
  public abstract @Nullable Double getCpuPctAvg();

  @SchemaFieldNumber("18")
  public abstract @Nullable Double getCpuPctMax();

  @SchemaFieldNumber("19")
  public abstract long getMemPctCount();

  @SchemaFieldNumber("20")
  public abstract double getMemPctSum();

  @SchemaFieldNumber("21")
  public abstract @Nullable Double getMemPctMin();

  @SchemaFieldNumber("22")
  public abstract @Nullable Double getMemPctAvg();

  @SchemaFieldNumber("23")
  public abstract @Nullable Double getMemPctMax();

  @SchemaFieldNumber("24")
  public abstract long getDiskPctCount();

  @SchemaFieldNumber("25")
  public abstract double getDiskPctSum();

  @SchemaFieldNumber("26")
  public abstract @Nullable Double getDiskPctMin();

  @SchemaFieldNumber("27")
  public abstract @Nullable Double getDiskPctAvg();

  @SchemaFieldNumber("28")
  public abstract @Nullable Double getDiskPctMax();

  @SchemaFieldNumber("29")
  public abstract long getLatencyP99MsCount();

  @SchemaFieldNumber("30")
  public abstract double getLatencyP99MsSum();

  @SchemaFieldNumber("31")
  public abstract @Nullable Double getLatencyP99MsMin();

  @SchemaFieldNumber("32")
  public abstract @Nullable Double getLatencyP99MsAvg();

  @SchemaFieldNumber("33")
  public abstract @Nullable Double getLatencyP99MsMax();

  @SchemaFieldNumber("34")
  public abstract long getErrorRateCount();

  @SchemaFieldNumber("35")
  public abstract double getErrorRateSum();

  @SchemaFieldNumber("36")
  public abstract @Nullable Double getErrorRateMin();

  @SchemaFieldNumber("37")
  public abstract @Nullable Double getErrorRateAvg();

  @SchemaFieldNumber("38")
  public abstract @Nullable Double getErrorRateMax();

  /** The UTC date of the minute, the row's partition. */
  public String date() {
    return EventDates.utcDate(getMinute());
  }

  /** Count, sum, minimum, average and maximum of one metric's samples (min, avg and max null without samples). */
  public record MetricSummary(
      long count, double sum, @Nullable Double min, @Nullable Double avg, @Nullable Double max) {
    public static final MetricSummary NONE = new MetricSummary(0, 0, null, null, null);
  }

  /** The columns of {@code metric}, one of {@link OpsRules#METRICS}. */
  public MetricSummary metric(String metric) {
    switch (metric) {
      case "cpu_pct":
        return new MetricSummary(getCpuPctCount(),
            getCpuPctSum(), getCpuPctMin(), getCpuPctAvg(), getCpuPctMax());
      case "mem_pct":
        return new MetricSummary(getMemPctCount(),
            getMemPctSum(), getMemPctMin(), getMemPctAvg(), getMemPctMax());
      case "disk_pct":
        return new MetricSummary(getDiskPctCount(),
            getDiskPctSum(), getDiskPctMin(), getDiskPctAvg(), getDiskPctMax());
      case "latency_p99_ms":
        return new MetricSummary(getLatencyP99MsCount(),
            getLatencyP99MsSum(), getLatencyP99MsMin(), getLatencyP99MsAvg(), getLatencyP99MsMax());
      case "error_rate":
        return new MetricSummary(getErrorRateCount(),
            getErrorRateSum(), getErrorRateMin(), getErrorRateAvg(), getErrorRateMax());
      default:
        throw new IllegalArgumentException(unknownMetric(metric));
    }
  }

  /** This minute's signals as incident detection reads them. */
  public MinutePoint toPoint() {
    return MinutePoint.of(getService(), getMinute(), signals());
  }

  /**
   * The minute's signals (the ops contract's names), only those with a value: {@code error_ratio},
   * {@code log_latency_p99_ms}, and {@code <metric>_avg}, {@code <metric>_max} of each metric sampled.
   */
  public Map<String, Double> signals() {
    Map<String, Double> signals = new LinkedHashMap<>();
    if (getErrorRatio() != null) {
      signals.put("error_ratio", getErrorRatio());
    }
    if (getLogLatencyP99Ms() != null) {
      signals.put("log_latency_p99_ms", getLogLatencyP99Ms());
    }
    for (String metric : OpsRules.METRICS) {
      MetricSummary summary = metric(metric);
      if (summary.count() > 0) {
        signals.put(metric + "_avg", summary.avg());
        signals.put(metric + "_max", summary.max());
      }
    }
    return signals;
  }

  private static String unknownMetric(String metric) {
    return "no metric " + metric + "; metrics are " + String.join(", ", OpsRules.METRICS);
  }

  public static Builder builder() {
    return new AutoValue_ServiceMinute.Builder();
  }

  /** Builder for {@link ServiceMinute}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setService(String service);

    public abstract Builder setMinute(Instant minute);

    public abstract Builder setLogCount(long value);

    public abstract Builder setDebugCount(long value);

    public abstract Builder setInfoCount(long value);

    public abstract Builder setWarnCount(long value);

    public abstract Builder setErrorCount(long value);

    public abstract Builder setFatalCount(long value);

    public abstract Builder setErrorRatio(@Nullable Double value);

    public abstract Builder setLatencyCount(long value);

    public abstract Builder setLogLatencyP50Ms(@Nullable Double value);

    public abstract Builder setLogLatencyP95Ms(@Nullable Double value);

    public abstract Builder setLogLatencyP99Ms(@Nullable Double value);

    public abstract Builder setLatencySketch(@Nullable String value);

    public abstract Builder setCpuPctCount(long value);

    public abstract Builder setCpuPctSum(double value);

    public abstract Builder setCpuPctMin(@Nullable Double value);

    public abstract Builder setCpuPctAvg(@Nullable Double value);

    public abstract Builder setCpuPctMax(@Nullable Double value);

    public abstract Builder setMemPctCount(long value);

    public abstract Builder setMemPctSum(double value);

    public abstract Builder setMemPctMin(@Nullable Double value);

    public abstract Builder setMemPctAvg(@Nullable Double value);

    public abstract Builder setMemPctMax(@Nullable Double value);

    public abstract Builder setDiskPctCount(long value);

    public abstract Builder setDiskPctSum(double value);

    public abstract Builder setDiskPctMin(@Nullable Double value);

    public abstract Builder setDiskPctAvg(@Nullable Double value);

    public abstract Builder setDiskPctMax(@Nullable Double value);

    public abstract Builder setLatencyP99MsCount(long value);

    public abstract Builder setLatencyP99MsSum(double value);

    public abstract Builder setLatencyP99MsMin(@Nullable Double value);

    public abstract Builder setLatencyP99MsAvg(@Nullable Double value);

    public abstract Builder setLatencyP99MsMax(@Nullable Double value);

    public abstract Builder setErrorRateCount(long value);

    public abstract Builder setErrorRateSum(double value);

    public abstract Builder setErrorRateMin(@Nullable Double value);

    public abstract Builder setErrorRateAvg(@Nullable Double value);

    public abstract Builder setErrorRateMax(@Nullable Double value);

    /** Sets the five columns of {@code metric}, one of {@link OpsRules#METRICS}. */
    public Builder setMetric(String metric, MetricSummary s) {
      switch (metric) {
        case "cpu_pct":
          return setCpuPctCount(s.count()).setCpuPctSum(s.sum())
              .setCpuPctMin(s.min())
              .setCpuPctAvg(s.avg())
              .setCpuPctMax(s.max());
        case "mem_pct":
          return setMemPctCount(s.count()).setMemPctSum(s.sum())
              .setMemPctMin(s.min())
              .setMemPctAvg(s.avg())
              .setMemPctMax(s.max());
        case "disk_pct":
          return setDiskPctCount(s.count()).setDiskPctSum(s.sum())
              .setDiskPctMin(s.min())
              .setDiskPctAvg(s.avg())
              .setDiskPctMax(s.max());
        case "latency_p99_ms":
          return setLatencyP99MsCount(s.count()).setLatencyP99MsSum(s.sum())
              .setLatencyP99MsMin(s.min())
              .setLatencyP99MsAvg(s.avg())
              .setLatencyP99MsMax(s.max());
        case "error_rate":
          return setErrorRateCount(s.count()).setErrorRateSum(s.sum())
              .setErrorRateMin(s.min())
              .setErrorRateAvg(s.avg())
              .setErrorRateMax(s.max());
        default:
          throw new IllegalArgumentException(unknownMetric(metric));
      }
    }

    public abstract ServiceMinute build();
  }
}
