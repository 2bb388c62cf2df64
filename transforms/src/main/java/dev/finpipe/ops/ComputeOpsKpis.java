package dev.finpipe.ops;

import dev.finpipe.model.ModelCoders;
import dev.finpipe.ops.OpsKpis.MttrFrom;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code PCollection<Incident>} to the {@code gold/ops_kpis_daily} rows ({@link OpsKpis} has the definitions): each
 * incident goes to the (date, service) of its detection and of its resolution, a {@link GroupByKey} gathers each
 * pair's incidents, and {@link OpsKpis#row} computes the row. The input must hold every incident detected or resolved
 * on the dates wanted; {@link #fromDate} drops the rows of earlier dates (an incremental run's
 * {@link IncidentPlan#replaceFromDate()}).
 *
 * <pre>{@code
 * PCollection<OpsKpisDaily> kpis = incidents.apply("ComputeOpsKpis", ComputeOpsKpis.daily().withMttrFrom(MttrFrom.STARTED));
 * }</pre>
 */
public final class ComputeOpsKpis extends PTransform<PCollection<Incident>, PCollection<OpsKpisDaily>> {
  private final MttrFrom mttrFrom;
  private final @Nullable String fromDate;

  private ComputeOpsKpis(MttrFrom mttrFrom, @Nullable String fromDate) {
    this.mttrFrom = mttrFrom;
    this.fromDate = fromDate;
  }

  /** MTTR from detection ({@link MttrFrom#DETECTED}), every date. */
  public static ComputeOpsKpis daily() {
    return new ComputeOpsKpis(MttrFrom.DETECTED, null);
  }

  public ComputeOpsKpis withMttrFrom(MttrFrom mttrFrom) {
    return new ComputeOpsKpis(mttrFrom, fromDate);
  }

  /** Only the rows of {@code date} ({@code yyyy-MM-dd}) and later. */
  public ComputeOpsKpis fromDate(String date) {
    return new ComputeOpsKpis(mttrFrom, date);
  }

  @Override
  public PCollection<OpsKpisDaily> expand(PCollection<Incident> incidents) {
    return incidents
        .apply("IntoGlobalWindow", Window.<Incident>into(new GlobalWindows()))
        .apply("KeyByDateAndService", ParDo.of(new KeyByDateAndServiceFn(fromDate)))
        .setCoder(KvCoder.of(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()),
            ModelCoders.of(incidents.getPipeline(), Incident.class)))
        .apply("GroupByDateAndService", GroupByKey.create())
        .apply("ToKpiRows", ParDo.of(new ToRowFn(mttrFrom)))
        .setCoder(ModelCoders.of(incidents.getPipeline(), OpsKpisDaily.class));
  }

  /** Each incident under the (date, service) of its detection and of its resolution. */
  static final class KeyByDateAndServiceFn extends DoFn<Incident, KV<KV<String, String>, Incident>> {
    private final @Nullable String fromDate;

    KeyByDateAndServiceFn(@Nullable String fromDate) {
      this.fromDate = fromDate;
    }

    @ProcessElement
    public void process(@Element Incident incident, OutputReceiver<KV<KV<String, String>, Incident>> out) {
      for (String date : OpsKpis.datesOf(incident)) {
        if (fromDate == null || date.compareTo(fromDate) >= 0) {
          out.output(KV.of(KV.of(date, incident.getService()), incident));
        }
      }
    }
  }

  /** One (date, service)'s incidents to its row. */
  static final class ToRowFn extends DoFn<KV<KV<String, String>, Iterable<Incident>>, OpsKpisDaily> {
    private final MttrFrom mttrFrom;

    ToRowFn(MttrFrom mttrFrom) {
      this.mttrFrom = mttrFrom;
    }

    @ProcessElement
    public void process(@Element KV<KV<String, String>, Iterable<Incident>> group, OutputReceiver<OpsKpisDaily> out) {
      out.output(OpsKpis.row(group.getKey().getKey(), group.getKey().getValue(), group.getValue(), mttrFrom));
    }
  }
}
