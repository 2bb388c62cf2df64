package dev.finpipe.validate;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rule action overrides, as given on the command line or in a domain's config: {@code
 * "amount_max=FAIL,type_known=WARN"}, checked against the rule names of one domain. Rules not named keep the default,
 * {@link RuleAction#QUARANTINE}.
 */
public final class RuleActions {
  private RuleActions() {}

  /**
   * Parses {@code rule=ACTION} entries separated by commas, each naming one of {@code rules}; blanks around names are
   * ignored and actions are case insensitive. A null or blank spec means no overrides.
   *
   * @throws IllegalArgumentException for a malformed entry, an unknown rule or action, or a rule given twice; the
   *     message lists the valid rules and actions
   */
  public static Map<String, RuleAction> parse(String spec, List<String> rules) {
    Map<String, RuleAction> actions = new LinkedHashMap<>();
    if (spec == null || spec.isBlank()) {
      return Collections.unmodifiableMap(actions);
    }
    for (String entry : spec.split(",", -1)) {
      String[] parts = entry.split("=", -1);
      if (parts.length != 2) {
        throw invalid(spec, "entry \"" + entry.trim() + "\" is not rule=ACTION", rules);
      }
      String rule = checkedRule(spec, parts[0].trim(), rules);
      if (actions.put(rule, action(spec, parts[1].trim(), rules)) != null) {
        throw invalid(spec, "rule " + rule + " is given twice", rules);
      }
    }
    return Collections.unmodifiableMap(actions);
  }

  /** An immutable copy of {@code actions}, after checking that every key names one of {@code rules}. */
  static Map<String, RuleAction> checked(Map<String, RuleAction> actions, List<String> rules) {
    actions.keySet().forEach(rule -> checkedRule(actions.toString(), rule, rules));
    return Map.copyOf(actions);
  }

  private static String checkedRule(String spec, String rule, List<String> rules) {
    if (!rules.contains(rule)) {
      throw invalid(spec, "unknown rule \"" + rule + "\"", rules);
    }
    return rule;
  }

  private static RuleAction action(String spec, String action, List<String> rules) {
    try {
      return RuleAction.valueOf(action.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw invalid(spec, "unknown action \"" + action + "\"", rules);
    }
  }

  private static IllegalArgumentException invalid(String spec, String problem, List<String> rules) {
    return new IllegalArgumentException(
        "Bad rule actions \""
            + spec
            + "\": "
            + problem
            + ". Expected rule=ACTION[,rule=ACTION...] with rules "
            + String.join(", ", rules)
            + " and actions "
            + Arrays.toString(RuleAction.values()));
  }
}
