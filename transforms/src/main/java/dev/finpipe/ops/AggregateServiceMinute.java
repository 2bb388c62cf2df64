package dev.finpipe.ops;

import com.google.auto.value.AutoValue;
import dev.finpipe.model.AppLog;
import dev.finpipe.model.MetricSample;
import dev.finpipe.model.ModelCoders;
import dev.finpipe.ops.ServiceMinute.MetricSummary;
import dev.finpipe.validate.OpsRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * Gold {@code service_minute}: silver log lines ({@link #LOGS}) and metric samples ({@link #METRICS}), either of
 * which may be absent from the input tuple, as one {@link ServiceMinute} per service and UTC minute of their event
 * time. Each element becomes the statistics of its minute, and one {@link Combine#perKey} with an explicit
 * accumulator coder merges them (runners pre-combine before the shuffle); the input is re-windowed into the global
 * window first, so a minute is one row whatever windows it came in.
 *
 * <p>Incremental ({@link #mergingInto}), as {@code dev.finpipe.aggregate.AggregateDaily} is: every column is
 * mergeable (counts and the metrics' sums in millionths add up, minima and maxima take the extreme, the latency
 * sketches add their buckets; ratio, percentiles and averages derive from those), so new lines and samples are
 * aggregated alone and merged with the existing rows of the minutes they touch, and the result equals aggregating
 * all of them, to the bit, in any order.
 *
 * <pre>{@code
 * PCollection<ServiceMinute> merged = PCollectionTuple.of(AggregateServiceMinute.LOGS, newLogs)
 *     .and(AggregateServiceMinute.METRICS, newSamples)
 *     .apply("AggregateServiceMinute", AggregateServiceMinute.perServiceAndMinute().mergingInto(rowsOfTouchedDates));
 * }</pre>
 */
public final class AggregateServiceMinute extends PTransform<PCollectionTuple, PCollection<ServiceMinute>> {
  public static final TupleTag<AppLog> LOGS = new TupleTag<AppLog>() {};
  public static final TupleTag<MetricSample> METRICS = new TupleTag<MetricSample>() {};

  /** Counter of samples of a metric not in {@link OpsRules#METRICS} (kept by a WARN rule), left out of the rows. */
  public static final String UNKNOWN_METRIC_COUNTER = "samples_of_unknown_metrics";

  private final @Nullable PCollection<ServiceMinute> existing;

  private AggregateServiceMinute(@Nullable PCollection<ServiceMinute> existing) {
    this.existing = existing;
  }

  public static AggregateServiceMinute perServiceAndMinute() {
    return new AggregateServiceMinute(null);
  }

  /** Merges the new lines' and samples' statistics into {@code rows}, the current rows of the minutes they touch. */
  public AggregateServiceMinute mergingInto(PCollection<ServiceMinute> rows) {
    return new AggregateServiceMinute(rows);
  }

  @Override
  public PCollection<ServiceMinute> expand(PCollectionTuple input) {
    Coder<KV<ServiceAndMinute, MinuteStats>> kvCoder =
        KvCoder.of(ModelCoders.of(input.getPipeline(), ServiceAndMinute.class), MinuteStatsCoder.INSTANCE);
    PCollectionList<KV<ServiceAndMinute, MinuteStats>> stats = PCollectionList.empty(input.getPipeline());
    if (input.has(LOGS)) {
      stats = stats.and(input.get(LOGS)
          .apply("LogsIntoGlobalWindow", Window.<AppLog>into(new GlobalWindows()))
          .apply("StatsOfLogLines", MapElements.via(new StatsOfLogFn()))
          .setCoder(kvCoder));
    }
    if (input.has(METRICS)) {
      stats = stats.and(input.get(METRICS)
          .apply("SamplesIntoGlobalWindow", Window.<MetricSample>into(new GlobalWindows()))
          .apply("StatsOfSamples", MapElements.via(new StatsOfSampleFn()))
          .setCoder(kvCoder));
    }
    if (existing != null) {
      stats = stats.and(existing
          .apply("ExistingIntoGlobalWindow", Window.<ServiceMinute>into(new GlobalWindows()))
          .apply("StatsOfExistingRows", MapElements.via(new StatsOfRowFn()))
          .setCoder(kvCoder));
    }
    return stats
        .apply("LinesSamplesAndRows", Flatten.pCollections())
        .setCoder(kvCoder)
        .apply("MergePerServiceAndMinute", Combine.perKey(new MergeStatsFn()))
        .apply("ToRows", MapElements.via(new ToRowFn()))
        .setCoder(ModelCoders.of(input.getPipeline(), ServiceMinute.class));
  }

  /** The grouping key: service and the start of the UTC minute. */
  @DefaultSchema(AutoValueSchema.class)
  @AutoValue
  public abstract static class ServiceAndMinute {
    public abstract String getService();

    public abstract Instant getMinute();

    static ServiceAndMinute of(String service, Instant time) {
      long millis = time.getMillis();
      Instant minute = new Instant(millis - Math.floorMod(millis, 60_000L));
      return new AutoValue_AggregateServiceMinute_ServiceAndMinute(service, minute);
    }
  }

  /** One log line as the statistics of its minute. */
  static final class StatsOfLogFn extends SimpleFunction<AppLog, KV<ServiceAndMinute, MinuteStats>> {
    @Override
    public KV<ServiceAndMinute, MinuteStats> apply(AppLog line) {
      MinuteStats stats = new MinuteStats();
      stats.logs = 1;
      int level = OpsRules.LEVELS.indexOf(line.getLevel());
      if (level >= 0) {
        stats.levels[level] = 1;
      }
      if (line.getLatencyMs() != null) {
        stats.latency.add(line.getLatencyMs());
      }
      return KV.of(ServiceAndMinute.of(line.getService(), line.getEventTime()), stats);
    }
  }

  /** One metric sample as the statistics of its minute (none for a metric without columns). */
  static final class StatsOfSampleFn extends SimpleFunction<MetricSample, KV<ServiceAndMinute, MinuteStats>> {
    private final Counter unknown = Metrics.counter(AggregateServiceMinute.class, UNKNOWN_METRIC_COUNTER);

    @Override
    public KV<ServiceAndMinute, MinuteStats> apply(MetricSample sample) {
      MinuteStats stats = new MinuteStats();
      int metric = OpsRules.METRICS.indexOf(sample.getMetric());
      if (metric >= 0) {
        stats.addSample(metric, sample.getValue());
      } else {
        unknown.inc();
      }
      return KV.of(ServiceAndMinute.of(sample.getService(), sample.getEventTime()), stats);
    }
  }

  /** An existing gold row as the statistics it was made from, under its key. */
  static final class StatsOfRowFn extends SimpleFunction<ServiceMinute, KV<ServiceAndMinute, MinuteStats>> {
    @Override
    public KV<ServiceAndMinute, MinuteStats> apply(ServiceMinute row) {
      MinuteStats stats = new MinuteStats();
      stats.logs = row.getLogCount();
      long[] levels = {row.getDebugCount(), row.getInfoCount(), row.getWarnCount(), row.getErrorCount(),
          row.getFatalCount()};
      System.arraycopy(levels, 0, stats.levels, 0, levels.length);
      if (row.getLatencySketch() != null) {
        stats.latency = LatencySketch.decode(row.getLatencySketch());
      }
      if (stats.latency.count() != row.getLatencyCount()) {
        throw new IllegalStateException("service_minute row " + row.getService() + " " + row.getMinute()
            + ": latency_count " + row.getLatencyCount() + " but its sketch holds " + stats.latency.count());
      }
      for (int m = 0; m < OpsRules.METRICS.size(); m++) {
        MetricSummary summary = row.metric(OpsRules.METRICS.get(m));
        stats.counts[m] = summary.count();
        stats.sumUnits[m] = MinuteStats.units(summary.sum());
        stats.mins[m] = summary.min() == null ? Double.NaN : summary.min();
        stats.maxs[m] = summary.max() == null ? Double.NaN : summary.max();
      }
      return KV.of(ServiceAndMinute.of(row.getService(), row.getMinute()), stats);
    }
  }

  /** Merges the statistics of one key into one accumulator; the accumulator is also the output. */
  static final class MergeStatsFn extends Combine.CombineFn<MinuteStats, MinuteStats, MinuteStats> {
    @Override
    public MinuteStats createAccumulator() {
      return new MinuteStats();
    }

    @Override
    public MinuteStats addInput(MinuteStats accumulator, MinuteStats input) {
      return accumulator.merge(input);
    }

    @Override
    public MinuteStats mergeAccumulators(Iterable<MinuteStats> accumulators) {
      MinuteStats merged = new MinuteStats();
      accumulators.forEach(merged::merge);
      return merged;
    }

    @Override
    public MinuteStats extractOutput(MinuteStats accumulator) {
      return accumulator;
    }

    @Override
    public Coder<MinuteStats> getAccumulatorCoder(CoderRegistry registry, Coder<MinuteStats> inputCoder) {
      return MinuteStatsCoder.INSTANCE;
    }

    @Override
    public Coder<MinuteStats> getDefaultOutputCoder(CoderRegistry registry, Coder<MinuteStats> inputCoder) {
      return MinuteStatsCoder.INSTANCE;
    }
  }

  /** Turns a key and its statistics into a gold row. */
  static final class ToRowFn extends SimpleFunction<KV<ServiceAndMinute, MinuteStats>, ServiceMinute> {
    @Override
    public ServiceMinute apply(KV<ServiceAndMinute, MinuteStats> keyed) {
      MinuteStats s = keyed.getValue();
      LatencySketch latency = s.latency;
      ServiceMinute.Builder row = ServiceMinute.builder()
          .setService(keyed.getKey().getService())
          .setMinute(keyed.getKey().getMinute())
          .setLogCount(s.logs)
          .setDebugCount(s.levels[0])
          .setInfoCount(s.levels[1])
          .setWarnCount(s.levels[2])
          .setErrorCount(s.levels[3])
          .setFatalCount(s.levels[4])
          .setErrorRatio(s.logs == 0 ? null : (double) (s.levels[3] + s.levels[4]) / s.logs)
          .setLatencyCount(latency.count())
          .setLogLatencyP50Ms(latency.percentile(50))
          .setLogLatencyP95Ms(latency.percentile(95))
          .setLogLatencyP99Ms(latency.percentile(99))
          .setLatencySketch(latency.count() == 0 ? null : latency.encode());
      for (int m = 0; m < OpsRules.METRICS.size(); m++) {
        row.setMetric(OpsRules.METRICS.get(m), s.summary(m));
      }
      return row.build();
    }
  }

  /**
   * Mergeable statistics of one service's minute. Metric sums are kept in whole millionths
   * (longs add exactly in any order, doubles would not); a minimum or maximum is NaN while the metric has no sample.
   */
  static final class MinuteStats {
    /** Sums of 2^51 millionths or more would not survive the double column exactly (its 53 bits, rounded twice). */
    private static final long MAX_SUM_UNITS = 1L << 51;

    long logs;
    final long[] levels = new long[OpsRules.LEVELS.size()];
    LatencySketch latency = LatencySketch.empty();
    final long[] counts = new long[OpsRules.METRICS.size()];
    final long[] sumUnits = new long[OpsRules.METRICS.size()];
    final double[] mins = nans();
    final double[] maxs = nans();

    private static double[] nans() {
      double[] values = new double[OpsRules.METRICS.size()];
      Arrays.fill(values, Double.NaN);
      return values;
    }

    /** A value in whole millionths. */
    static long units(double value) {
      return Math.round(value * ServiceMinute.SUM_UNITS_PER_ONE);
    }

    void addSample(int metric, double value) {
      counts[metric]++;
      sumUnits[metric] += units(value);
      mins[metric] = extreme(mins[metric], value, -1);
      maxs[metric] = extreme(maxs[metric], value, 1);
    }

    /** The smaller ({@code sign} -1) or larger (1) of two values, NaN standing for none. */
    private static double extreme(double current, double candidate, int sign) {
      if (Double.isNaN(current)) {
        return candidate;
      }
      if (Double.isNaN(candidate)) {
        return current;
      }
      return sign < 0 ? Math.min(current, candidate) : Math.max(current, candidate);
    }

    MinuteStats merge(MinuteStats other) {
      logs += other.logs;
      for (int l = 0; l < levels.length; l++) {
        levels[l] += other.levels[l];
      }
      latency.merge(other.latency);
      for (int m = 0; m < counts.length; m++) {
        counts[m] += other.counts[m];
        sumUnits[m] += other.sumUnits[m];
        mins[m] = extreme(mins[m], other.mins[m], -1);
        maxs[m] = extreme(maxs[m], other.maxs[m], 1);
      }
      return this;
    }

    MetricSummary summary(int m) {
      if (counts[m] == 0) {
        return MetricSummary.NONE;
      }
      if (Math.abs(sumUnits[m]) >= MAX_SUM_UNITS) {
        throw new IllegalStateException("the sum of " + OpsRules.METRICS.get(m) + " in one minute exceeds "
            + MAX_SUM_UNITS / ServiceMinute.SUM_UNITS_PER_ONE + ", which its sum column cannot hold exactly");
      }
      double sum = (double) sumUnits[m] / ServiceMinute.SUM_UNITS_PER_ONE;
      return new MetricSummary(counts[m], sum, mins[m], sum / counts[m], maxs[m]);
    }
  }

  /** Coder for {@link MinuteStats}: counts as var-longs, extremes as doubles, the sketch as its string. */
  static final class MinuteStatsCoder extends CustomCoder<MinuteStats> {
    static final MinuteStatsCoder INSTANCE = new MinuteStatsCoder();
    private static final Coder<Long> LONG = VarLongCoder.of();
    private static final Coder<Double> DOUBLE = DoubleCoder.of();
    private static final Coder<String> STRING = StringUtf8Coder.of();

    @Override
    public void encode(MinuteStats stats, OutputStream out) throws IOException {
      LONG.encode(stats.logs, out);
      for (long level : stats.levels) {
        LONG.encode(level, out);
      }
      STRING.encode(stats.latency.encode(), out);
      for (int m = 0; m < stats.counts.length; m++) {
        LONG.encode(stats.counts[m], out);
        LONG.encode(stats.sumUnits[m], out);
        DOUBLE.encode(stats.mins[m], out);
        DOUBLE.encode(stats.maxs[m], out);
      }
    }

    @Override
    public MinuteStats decode(InputStream in) throws IOException {
      MinuteStats stats = new MinuteStats();
      stats.logs = LONG.decode(in);
      for (int l = 0; l < stats.levels.length; l++) {
        stats.levels[l] = LONG.decode(in);
      }
      stats.latency = LatencySketch.decode(STRING.decode(in));
      for (int m = 0; m < stats.counts.length; m++) {
        stats.counts[m] = LONG.decode(in);
        stats.sumUnits[m] = LONG.decode(in);
        stats.mins[m] = DOUBLE.decode(in);
        stats.maxs[m] = DOUBLE.decode(in);
      }
      return stats;
    }
  }
}
