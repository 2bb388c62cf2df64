package dev.finpipe.ops;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A {@code gold/ops_kpis_daily} row: one service's incidents detected and resolved on one UTC date, and their MTTD and
 * MTTR in seconds ({@link OpsKpis} has the definitions). The getters are the columns in order; {@code date} is also
 * the partition column.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class OpsKpisDaily implements Serializable {
  /** UTC date, {@code yyyy-MM-dd}. */
  @SchemaFieldNumber("0")
  public abstract String getDate();

  @SchemaFieldNumber("1")
  public abstract String getService();

  /** Incidents detected that date. */
  @SchemaFieldNumber("2")
  public abstract long getIncidentsOpened();

  /** Incidents resolved that date. */
  @SchemaFieldNumber("3")
  public abstract long getIncidentsResolved();

  @SchemaFieldNumber("4")
  public abstract @Nullable Double getMttdMeanS();

  @SchemaFieldNumber("5")
  public abstract @Nullable Double getMttdMedianS();

  @SchemaFieldNumber("6")
  public abstract @Nullable Double getMttdP90S();

  @SchemaFieldNumber("7")
  public abstract @Nullable Double getMttrMeanS();

  @SchemaFieldNumber("8")
  public abstract @Nullable Double getMttrMedianS();

  @SchemaFieldNumber("9")
  public abstract @Nullable Double getMttrP90S();

  public static Builder builder() {
    return new AutoValue_OpsKpisDaily.Builder();
  }

  /** Builder for {@link OpsKpisDaily}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setDate(String date);

    public abstract Builder setService(String service);

    public abstract Builder setIncidentsOpened(long incidentsOpened);

    public abstract Builder setIncidentsResolved(long incidentsResolved);

    public abstract Builder setMttdMeanS(@Nullable Double mttdMeanS);

    public abstract Builder setMttdMedianS(@Nullable Double mttdMedianS);

    public abstract Builder setMttdP90S(@Nullable Double mttdP90S);

    public abstract Builder setMttrMeanS(@Nullable Double mttrMeanS);

    public abstract Builder setMttrMedianS(@Nullable Double mttrMedianS);

    public abstract Builder setMttrP90S(@Nullable Double mttrP90S);

    public abstract OpsKpisDaily build();
  }
}
