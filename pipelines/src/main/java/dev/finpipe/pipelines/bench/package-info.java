/**
 * Helpers of the Kafka benchmark ({@code make bench-kafka}): {@link dev.finpipe.pipelines.bench.MeasureFreshness}
 * reads the Delta histories of bronze, silver and gold after a continuous run and tells, for every Kafka record that
 * bronze holds, how long after it was produced it became visible in each layer
 * ({@link dev.finpipe.pipelines.bench.LayerVisibility}), as percentiles ({@link dev.finpipe.pipelines.bench.Percentiles}).
 */
package dev.finpipe.pipelines.bench;
