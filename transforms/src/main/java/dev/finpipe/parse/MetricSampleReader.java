package dev.finpipe.parse;

import dev.finpipe.model.MetricSample;
import dev.finpipe.model.RawRecord;
import org.joda.time.Instant;

/**
 * Reads one infrastructure metric sample. Required: {@code host}, {@code service}, {@code metric}, {@code unit}
 * (strings), {@code value} (a number), {@code timestamp}. Other fields are ignored. The record's key is
 * {@link MetricSample#sampleKey}.
 */
public final class MetricSampleReader extends JsonRecordReader<MetricSample> {
  @Override
  protected MetricSample read(Fields f, RawRecord raw) {
    String host = f.required("host", JsonFields::text);
    String service = f.required("service", JsonFields::text);
    String metric = f.required("metric", JsonFields::text);
    Double value = f.required("value", JsonFields::measure);
    String unit = f.required("unit", JsonFields::text);
    Instant timestamp = f.required("timestamp", JsonFields::instant);
    boolean identified = host != null && service != null && metric != null && timestamp != null;
    f.identify(identified ? MetricSample.sampleKey(host, service, metric, timestamp) : null, timestamp);
    if (f.hasProblems()) {
      return null;
    }
    return MetricSample.builder()
        .setSampleKey(MetricSample.sampleKey(host, service, metric, timestamp))
        .setHost(host)
        .setService(service)
        .setMetric(metric)
        .setValue(value)
        .setUnit(unit)
        .setEventTime(timestamp)
        .setIngestedAt(raw.getIngestedAt())
        .setSourceRef(raw.getSourceRef())
        .setPayload(raw.getPayload())
        .build();
  }
}
