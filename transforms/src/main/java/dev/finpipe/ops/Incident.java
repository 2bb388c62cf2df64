package dev.finpipe.ops;

import com.google.auto.value.AutoValue;
import dev.finpipe.model.EventDates;
import dev.finpipe.model.NaturalKeys;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * A {@code gold/incidents} row: one incident of one rule on one service ({@link IncidentDetector} has the semantics).
 * The getters are the table's columns in order ({@code dev.finpipe.io.SchemaRows}); the table is partitioned by
 * {@link #date()}, the UTC date of {@code started_at}, which is not a column of its own.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class Incident implements Serializable {
  public static final String OPEN = "OPEN";
  public static final String RESOLVED = "RESOLVED";

  /** {@code service|rule|<started_at ISO-8601>} ({@link NaturalKeys#join}). */
  @SchemaFieldNumber("0")
  public abstract String getIncidentId();

  @SchemaFieldNumber("1")
  public abstract String getService();

  @SchemaFieldNumber("2")
  public abstract String getRule();

  @SchemaFieldNumber("3")
  public abstract String getSeverity();

  @SchemaFieldNumber("4")
  public abstract String getSignal();

  @SchemaFieldNumber("5")
  public abstract double getThreshold();

  /** The first minute of the breaching run that opened it. */
  @SchemaFieldNumber("6")
  public abstract Instant getStartedAt();

  /** {@code started_at} + N minutes: the end of the N-th breaching minute, when the rule could first fire. */
  @SchemaFieldNumber("7")
  public abstract Instant getDetectedAt();

  /** {@code last_breach_at} + 1 minute once M healthy minutes followed it within the horizon; null while open. */
  @SchemaFieldNumber("8")
  public abstract @Nullable Instant getResolvedAt();

  @SchemaFieldNumber("9")
  public abstract Instant getLastBreachAt();

  /** The breaching minutes from {@code started_at} to {@code last_breach_at}. */
  @SchemaFieldNumber("10")
  public abstract long getBreachMinutes();

  @SchemaFieldNumber("11")
  public abstract double getPeakValue();

  /** The first minute with the peak value. */
  @SchemaFieldNumber("12")
  public abstract Instant getPeakAt();

  /** {@value #OPEN} or {@value #RESOLVED}. */
  @SchemaFieldNumber("13")
  public abstract String getStatus();

  /** The partition: the UTC date of {@code started_at}. */
  public String date() {
    return EventDates.utcDate(getStartedAt());
  }

  public boolean isOpen() {
    return getStatus().equals(OPEN);
  }

  public static String incidentId(String service, String rule, Instant startedAt) {
    return NaturalKeys.join(service, rule, startedAt);
  }

  public static Builder builder() {
    return new AutoValue_Incident.Builder();
  }

  /** Builder for {@link Incident}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setIncidentId(String incidentId);

    public abstract Builder setService(String service);

    public abstract Builder setRule(String rule);

    public abstract Builder setSeverity(String severity);

    public abstract Builder setSignal(String signal);

    public abstract Builder setThreshold(double threshold);

    public abstract Builder setStartedAt(Instant startedAt);

    public abstract Builder setDetectedAt(Instant detectedAt);

    public abstract Builder setResolvedAt(@Nullable Instant resolvedAt);

    public abstract Builder setLastBreachAt(Instant lastBreachAt);

    public abstract Builder setBreachMinutes(long breachMinutes);

    public abstract Builder setPeakValue(double peakValue);

    public abstract Builder setPeakAt(Instant peakAt);

    public abstract Builder setStatus(String status);

    public abstract Incident build();
  }
}
