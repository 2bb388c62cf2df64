package dev.finpipe.validate;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Parses rule action overrides such as {@code amount_max=FAIL,type_known=WARN}. */
public final class RuleActions {
  private RuleActions() {}

  public static Map<String, RuleAction> parse(String spec) {
    Map<String, RuleAction> actions = new LinkedHashMap<>();
    if (spec == null || spec.isBlank()) {
      return actions;
    }
    String ruleNames =
        ValidationRules.standard().stream().map(ValidationRule::name).collect(Collectors.joining(", "));
    String actionNames = Arrays.stream(RuleAction.values()).map(Enum::name).collect(Collectors.joining(", "));
    for (String entry : spec.split(",")) {
      String[] kv = entry.trim().split("=", -1);
      if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
        throw new IllegalArgumentException(
            "--ruleActions entry \"" + entry.trim() + "\" is not rule=ACTION (e.g. amount_max=FAIL)");
      }
      String rule = kv[0].trim();
      if (ValidationRules.standard().stream().noneMatch(r -> r.name().equals(rule))) {
        throw new IllegalArgumentException("--ruleActions: unknown rule \"" + rule + "\"; rules are: " + ruleNames);
      }
      try {
        actions.put(rule, RuleAction.valueOf(kv[1].trim().toUpperCase(java.util.Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "--ruleActions: unknown action \"" + kv[1].trim() + "\" for " + rule + "; actions are: " + actionNames);
      }
    }
    return actions;
  }
}
