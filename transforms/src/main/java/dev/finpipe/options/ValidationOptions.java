package dev.finpipe.options;

import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Overrides of validation rule actions. */
public interface ValidationOptions extends PipelineOptions {
  @Description("Rule action overrides of the domain's rules, e.g. amount_max=FAIL,type_known=WARN. Actions: QUARANTINE "
      + "(default), DROP, WARN, FAIL. Default: the domain's ruleActions setting, else none.")
  String getRuleActions();

  void setRuleActions(String ruleActions);
}
