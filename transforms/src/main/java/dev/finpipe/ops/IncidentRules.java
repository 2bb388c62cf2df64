package dev.finpipe.ops;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The incident rules: the four built-in ones ({@link #defaults()}), or the list of a rules file
 * ({@code runners-config/<env>/incidents.yaml}), which replaces them all:
 *
 * <pre>{@code
 * rules:
 *   - name: error_ratio_high        # a-z, 0-9, '_'; part of each incident's id
 *     signal: error_ratio           # one of MinutePoint.SIGNALS
 *     threshold: 0.05               # a minute breaches when the signal is present and >= this
 *     forMinutes: 3                 # N: consecutive breaching minutes that open an incident
 *     clearMinutes: 5               # M: consecutive healthy minutes after the last breach that resolve it
 *     severity: major               # critical, major or minor
 *     services: [payments, ledger]  # optional; default every service
 * }</pre>
 *
 * An unknown key, a missing or badly typed value, an unknown signal or severity, N or M below 1, two rules of one
 * name, or a file without rules stops with a message naming the file, the rule and what to fix. An empty file means
 * the built-in rules.
 */
public final class IncidentRules {
  /** The keys of a rule, in the order they are documented. */
  public static final List<String> RULE_KEYS =
      List.of("name", "signal", "threshold", "forMinutes", "clearMinutes", "severity", "services");

  private static final List<String> REQUIRED = RULE_KEYS.subList(0, 6);

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private static final List<IncidentRule> DEFAULTS =
      List.of(
          IncidentRule.of("error_ratio_high", MinutePoint.ERROR_RATIO, 0.05, 3, 5, "major"),
          IncidentRule.of("latency_p99_high", MinutePoint.LOG_LATENCY_P99_MS, 1000, 3, 5, "major"),
          IncidentRule.of("cpu_saturated", "cpu_pct_avg", 90, 5, 5, "minor"),
          IncidentRule.of("disk_full", "disk_pct_max", 95, 1, 10, "critical"));

  private IncidentRules() {}

  /** The built-in rules of the ops contract. */
  public static List<IncidentRule> defaults() {
    return DEFAULTS;
  }

  /** The rules of {@code file} when given (a rules option, say), else the built-in ones. */
  public static List<IncidentRule> fromFileOrDefaults(@Nullable String file) {
    return file == null || file.isBlank() ? defaults() : load(Path.of(file));
  }

  /** The rules of {@code file} (it must exist); an empty file is the built-in rules. */
  public static List<IncidentRule> load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("incident rules file " + file + " does not exist");
    }
    JsonNode root;
    try {
      root = YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read incident rules " + file + ": " + e.getMessage(), e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return defaults();
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException(file + " must be a mapping with one key, rules: a list of rules");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!key.equals("rules")) {
        throw new IllegalArgumentException(file + ": unknown key \"" + key + "\"; the only key is rules");
      }
    }
    JsonNode list = root.get("rules");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new IllegalArgumentException(file + ": rules must be a list of at least one rule (each with "
          + String.join(", ", REQUIRED) + "); delete the file for the built-in rules");
    }
    List<IncidentRule> rules = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      IncidentRule rule = rule(file, i, list.get(i));
      if (!names.add(rule.name())) {
        throw new IllegalArgumentException(file + ": rules[" + i + "]: a second rule named " + rule.name()
            + "; rule names must be unique");
      }
      rules.add(rule);
    }
    return List.copyOf(rules);
  }

  private static IncidentRule rule(Path file, int index, JsonNode node) {
    String where = file + ": rules[" + index + "]";
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + " must be a mapping of " + String.join(", ", RULE_KEYS));
    }
    JsonNode nameNode = node.get("name");
    if (nameNode != null && nameNode.isTextual()) {
      where += " (" + nameNode.asText() + ")";
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      String key = it.next().getKey();
      if (!RULE_KEYS.contains(key)) {
        throw new IllegalArgumentException(where + ": unknown key \"" + key + "\"; keys are " + String.join(", ", RULE_KEYS));
      }
    }
    for (String key : REQUIRED) {
      if (!node.hasNonNull(key)) {
        throw new IllegalArgumentException(where + ": " + key + " is missing; a rule has " + String.join(", ", REQUIRED)
            + " (and optionally services)");
      }
    }
    try {
      return IncidentRule.of(
          text(node, "name", "name: error_ratio_high"),
          text(node, "signal", "signal: error_ratio"),
          number(node),
          minutes(node, "forMinutes"),
          minutes(node, "clearMinutes"),
          text(node, "severity", "severity: major"),
          services(node));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode rule, String key, String example) {
    JsonNode value = rule.get(key);
    if (!value.isTextual()) {
      throw new IllegalArgumentException(key + " must be text, e.g. " + example);
    }
    return value.asText();
  }

  private static double number(JsonNode rule) {
    JsonNode value = rule.get("threshold");
    if (!value.isNumber()) {
      throw new IllegalArgumentException("threshold must be a number, e.g. threshold: 0.05 (not " + value + ")");
    }
    return value.asDouble();
  }

  private static int minutes(JsonNode rule, String key) {
    JsonNode value = rule.get(key);
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw new IllegalArgumentException(key + " must be a whole number of minutes, e.g. " + key + ": 3 (not "
          + value + ")");
    }
    return value.asInt();
  }

  private static List<String> services(JsonNode rule) {
    JsonNode value = rule.get("services");
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray() || value.isEmpty()) {
      throw new IllegalArgumentException("services must be a list of service names, e.g. services: [payments];"
          + " leave it out for every service");
    }
    List<String> services = new ArrayList<>();
    for (JsonNode service : value) {
      if (!service.isTextual()) {
        throw new IllegalArgumentException("services must list service names as text, not " + service);
      }
      services.add(service.asText());
    }
    return services;
  }
}
