package dev.finpipe.pipelines.common;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Which domain a stage runs, and where the domains' own settings live. */
public interface DomainOptions extends PipelineOptions {
  @Description("The domain this stage runs: transactions, customers or accounts.")
  @Default.String("transactions")
  String getDomain();

  void setDomain(String domain);

  @Description("Folder of the domains' settings, one <domain>.yaml each (input, topic, dedupeWindow, allowedLateness, "
      + "ruleActions), e.g. runners-config/dev/domains (the Makefile passes runners-config/$ENV/domains); a flag given "
      + "on the command line overrides the file. Without it, or for a domain without a file: the built-in defaults.")
  String getDomainConfig();

  void setDomainConfig(String domainConfig);
}
