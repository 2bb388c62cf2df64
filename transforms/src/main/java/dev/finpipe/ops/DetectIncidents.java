package dev.finpipe.ops;

import dev.finpipe.model.ModelCoders;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * {@code PCollection<MinutePoint>} to {@code PCollection<Incident>}: groups the points by service and runs
 * {@link IncidentDetector} on each service's series (a {@link GroupByKey}; no state or timers, so it runs on the
 * SparkRunner as on the DirectRunner). The input is re-windowed into the global window first: a service's series is
 * one group whatever windows it came in. Each service's whole series must be in the input, or, for an incremental run,
 * the minutes {@link IncidentPlan#reads} keeps.
 *
 * <pre>{@code
 * PCollection<Incident> incidents =
 *     points.apply("DetectIncidents", DetectIncidents.withRules(IncidentRules.load(Path.of("runners-config/dev/incidents.yaml"))));
 * }</pre>
 */
public final class DetectIncidents extends PTransform<PCollection<MinutePoint>, PCollection<Incident>> {
  /** Counters of the transform (namespace {@code DetectIncidents}). */
  public static final String SERVICES = "services";

  public static final String INCIDENTS_OPEN = "incidents_open";
  public static final String INCIDENTS_RESOLVED = "incidents_resolved";

  private final List<IncidentRule> rules;

  private DetectIncidents(List<IncidentRule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** With the built-in rules ({@link IncidentRules#defaults()}). */
  public static DetectIncidents withDefaultRules() {
    return new DetectIncidents(IncidentRules.defaults());
  }

  public static DetectIncidents withRules(List<IncidentRule> rules) {
    if (rules.isEmpty()) {
      throw new IllegalArgumentException("DetectIncidents needs at least one rule");
    }
    return new DetectIncidents(rules);
  }

  public List<IncidentRule> rules() {
    return rules;
  }

  @Override
  public PCollection<Incident> expand(PCollection<MinutePoint> points) {
    Coder<MinutePoint> pointCoder = ModelCoders.of(points.getPipeline(), MinutePoint.class);
    return points
        .apply("IntoGlobalWindow", Window.<MinutePoint>into(new GlobalWindows()))
        .apply("KeyByService", MapElements.via(new KeyByServiceFn()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), pointCoder))
        .apply("GroupByService", GroupByKey.create())
        .apply("DetectPerService", ParDo.of(new DetectFn(rules)))
        .setCoder(ModelCoders.of(points.getPipeline(), Incident.class));
  }

  /** Keys each point by its service. */
  static final class KeyByServiceFn extends SimpleFunction<MinutePoint, KV<String, MinutePoint>> {
    @Override
    public KV<String, MinutePoint> apply(MinutePoint point) {
      return KV.of(point.getService(), point);
    }
  }

  /** One service's series to its incidents. */
  static final class DetectFn extends DoFn<KV<String, Iterable<MinutePoint>>, Incident> {
    private final List<IncidentRule> rules;
    private final Counter services = Metrics.counter(DetectIncidents.class, SERVICES);
    private final Counter open = Metrics.counter(DetectIncidents.class, INCIDENTS_OPEN);
    private final Counter resolved = Metrics.counter(DetectIncidents.class, INCIDENTS_RESOLVED);

    DetectFn(List<IncidentRule> rules) {
      this.rules = rules;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<MinutePoint>> series, OutputReceiver<Incident> out) {
      services.inc();
      for (Incident incident : IncidentDetector.detect(series.getKey(), series.getValue(), rules)) {
        (incident.isOpen() ? open : resolved).inc();
        out.output(incident);
      }
    }
  }
}
