package dev.finpipe.pipelines.ops;

import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Where the alerts' settings are; absent: alerts are off. */
public interface AlertOptions extends PipelineOptions {
  @Description("The alerts' settings (sinks, routes, thresholds, delivery), e.g. runners-config/dev/alerts.yaml; the "
      + "Makefile passes runners-config/$ENV/alerts.yaml when it exists. Absent: no alerts.")
  String getAlertsConfig();

  void setAlertsConfig(String alertsConfig);
}
