package dev.finpipe.ops;

import com.google.auto.value.AutoValue;
import dev.finpipe.validate.OpsRules;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.joda.time.Instant;

/**
 * One service's health in one minute (the ops contract's minute point): {@link #getMinute()} is the UTC start of the
 * minute (seconds and millis 0) and {@link #getSignals()} holds only the signals that have a value that minute, by the
 * names of {@link #SIGNALS}. A minute with no point, or a signal absent from a point, is healthy for every rule.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class MinutePoint implements Serializable {
  /** (ERROR + FATAL) / all log lines of the minute. */
  public static final String ERROR_RATIO = "error_ratio";

  /** p99 of the minute's log lines' {@code latency_ms}. */
  public static final String LOG_LATENCY_P99_MS = "log_latency_p99_ms";

  /**
   * Every signal name a point may carry and a rule may watch: {@value #ERROR_RATIO}, {@value #LOG_LATENCY_P99_MS},
   * and {@code <metric>_avg}, {@code <metric>_max} for each metric of {@link OpsRules#METRICS}.
   */
  public static final List<String> SIGNALS = signals();

  /** A minute in millis: minutes are counted since the epoch in these units. */
  static final long MINUTE_MILLIS = 60_000L;

  @SchemaFieldNumber("0")
  public abstract String getService();

  @SchemaFieldNumber("1")
  public abstract Instant getMinute();

  @SchemaFieldNumber("2")
  public abstract Map<String, Double> getSignals();

  /**
   * The point of {@code service} at {@code minute}. Refuses a minute that is not a minute's start, an unknown signal
   * name and a value that is not finite: each is a bug upstream that would silently change which minutes breach.
   */
  public static MinutePoint of(String service, Instant minute, Map<String, Double> signals) {
    if (service == null || service.isBlank()) {
      throw new IllegalArgumentException("a minute point needs a service");
    }
    if (minute.getMillis() % MINUTE_MILLIS != 0) {
      throw new IllegalArgumentException(service + " at " + minute + ": a minute point's minute is the start of a"
          + " UTC minute (seconds and millis 0)");
    }
    for (Map.Entry<String, Double> e : signals.entrySet()) {
      if (!SIGNALS.contains(e.getKey())) {
        throw new IllegalArgumentException(service + " at " + minute + ": unknown signal \"" + e.getKey()
            + "\"; signals are " + String.join(", ", SIGNALS));
      }
      if (e.getValue() == null || !Double.isFinite(e.getValue())) {
        throw new IllegalArgumentException(service + " at " + minute + ": signal " + e.getKey() + " is "
            + e.getValue() + "; leave a signal without a value out of the point");
      }
    }
    return new AutoValue_MinutePoint(service, minute, new TreeMap<>(signals));
  }

  private static List<String> signals() {
    List<String> names = new ArrayList<>(List.of(ERROR_RATIO, LOG_LATENCY_P99_MS));
    for (String metric : OpsRules.METRICS) {
      names.add(metric + "_avg");
      names.add(metric + "_max");
    }
    return List.copyOf(names);
  }
}
