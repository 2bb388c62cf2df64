package dev.finpipe.pipelines.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.finpipe.options.Durations;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * {@code runners-config/<env>/alerts.yaml}: the sinks (their URLs and tokens read from environment variables named in
 * the file, never written in it), which alert kinds go to which sinks, the thresholds and the delivery's retry budget.
 * Every mistake stops with a message naming the file and the key; a sink's URL or token never appears in a message.
 *
 * <pre>{@code
 * sinks:
 *   - {name: ops-webhook, type: webhook, urlEnv: FINPIPE_ALERT_WEBHOOK_URL, tokenEnv: FINPIPE_ALERT_WEBHOOK_TOKEN}
 *   - {name: slack, type: slack, urlEnv: FINPIPE_ALERT_SLACK_URL}
 * routes: {incident_opened: [ops-webhook, slack], stage_failed: [ops-webhook]}
 * thresholds: {quarantineRate: 0.05, freshnessLag: 15m}
 * delivery: {attempts: 5, initialBackoff: 500ms, maxBackoff: 30s, timeout: 10s}
 * }</pre>
 */
public final class AlertsConfig {
  /** The alert kinds, as {@code kind} in {@code ops/alerts} and the keys of {@code routes}. */
  public static final List<String> KINDS =
      List.of(Alert.INCIDENT_OPENED, Alert.INCIDENT_RESOLVED, Alert.STAGE_FAILED, Alert.QUARANTINE_RATE, Alert.FRESHNESS_LAG);

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> TOP_KEYS = Set.of("sinks", "routes", "thresholds", "freshnessTables", "delivery");
  private static final Set<String> SINK_KEYS = Set.of("name", "type", "urlEnv", "tokenEnv");
  private static final Set<String> THRESHOLD_KEYS = Set.of("quarantineRate", "freshnessLag");
  private static final Set<String> DELIVERY_KEYS = Set.of("attempts", "initialBackoff", "maxBackoff", "timeout");

  /** A sink's kind of payload. */
  public enum SinkType {
    /** POSTs the alert as a JSON object. */
    WEBHOOK,
    /** POSTs {@code {"text": ...}}, a Slack incoming webhook's format. */
    SLACK
  }

  /** One sink; {@code url} and {@code token} are secrets: {@link #toString} leaves them out. */
  public record Sink(String name, SinkType type, URI url, @Nullable String token) {
    @Override
    public String toString() {
      return name + " (" + type.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
  }

  /** The retry budget of one delivery to one sink. */
  public record Delivery(int attempts, Duration initialBackoff, Duration maxBackoff, Duration timeout) {}

  private final String source;
  private final Map<String, Sink> sinks;
  private final Map<String, List<String>> routes;
  private final double quarantineRate;
  private final Duration freshnessLag;
  private final @Nullable List<String> freshnessTables;
  private final Delivery delivery;

  private AlertsConfig(String source, Map<String, Sink> sinks, Map<String, List<String>> routes, double quarantineRate,
      Duration freshnessLag, @Nullable List<String> freshnessTables, Delivery delivery) {
    this.source = source;
    this.sinks = sinks;
    this.routes = routes;
    this.quarantineRate = quarantineRate;
    this.freshnessLag = freshnessLag;
    this.freshnessTables = freshnessTables;
    this.delivery = delivery;
  }

  /** Reads {@code file}, resolving the sinks' environment variables with {@code env} ({@code System::getenv}). */
  public static AlertsConfig read(Path file, Function<String, String> env) {
    JsonNode root;
    try {
      root = YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read the alerts settings " + file + ": " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(file + " must be a mapping with sinks, routes, thresholds and delivery");
    }
    String f = file.toString();
    checkKeys(f, "", root, TOP_KEYS);
    Map<String, Sink> sinks = sinks(f, root.get("sinks"), env);
    Map<String, List<String>> routes = routes(f, root.get("routes"), sinks.keySet());
    JsonNode thresholds = object(f, "thresholds", root.get("thresholds"));
    checkKeys(f, "thresholds.", thresholds, THRESHOLD_KEYS);
    double rate = thresholds.has("quarantineRate") ? number(f, "thresholds.quarantineRate", thresholds.get("quarantineRate")) : 0.05;
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(f + ": thresholds.quarantineRate must be a fraction between 0 and 1, e.g. 0.05");
    }
    Duration lag = duration(f, "thresholds.freshnessLag", thresholds.get("freshnessLag"), "15m");
    List<String> tables = null;
    if (root.has("freshnessTables")) {
      tables = new ArrayList<>();
      for (JsonNode t : list(f, "freshnessTables", root.get("freshnessTables"))) {
        tables.add(text(f, "freshnessTables[]", t));
      }
    }
    JsonNode d = object(f, "delivery", root.get("delivery"));
    checkKeys(f, "delivery.", d, DELIVERY_KEYS);
    int attempts = d.has("attempts") ? (int) number(f, "delivery.attempts", d.get("attempts")) : 5;
    if (attempts < 1) {
      throw new IllegalArgumentException(f + ": delivery.attempts must be at least 1");
    }
    Delivery delivery = new Delivery(attempts, duration(f, "delivery.initialBackoff", d.get("initialBackoff"), "500ms"),
        duration(f, "delivery.maxBackoff", d.get("maxBackoff"), "30s"), duration(f, "delivery.timeout", d.get("timeout"), "10s"));
    return new AlertsConfig(f, sinks, routes, rate, lag, tables, delivery);
  }

  /** Where the settings came from, for messages. */
  public String source() {
    return source;
  }

  /** The sinks {@code kind} goes to, in the file's order; empty: the kind is not raised. */
  public List<Sink> sinksFor(String kind) {
    List<Sink> out = new ArrayList<>();
    routes.getOrDefault(kind, List.of()).forEach(name -> out.add(sinks.get(name)));
    return out;
  }

  public @Nullable Sink sink(String name) {
    return sinks.get(name);
  }

  public double quarantineRate() {
    return quarantineRate;
  }

  public Duration freshnessLag() {
    return freshnessLag;
  }

  /** The tables whose freshness is watched; null: every event domain's silver table. */
  public @Nullable List<String> freshnessTables() {
    return freshnessTables;
  }

  public Delivery delivery() {
    return delivery;
  }

  private static Map<String, Sink> sinks(String f, @Nullable JsonNode node, Function<String, String> env) {
    Map<String, Sink> sinks = new LinkedHashMap<>();
    List<JsonNode> items = list(f, "sinks", node);
    if (items.isEmpty()) {
      throw new IllegalArgumentException(f + ": sinks must list at least one sink (name, type, urlEnv[, tokenEnv])");
    }
    for (int i = 0; i < items.size(); i++) {
      String at = "sinks[" + i + "]";
      JsonNode s = object(f, at, items.get(i));
      checkKeys(f, at + ".", s, SINK_KEYS);
      String name = text(f, at + ".name", s.get("name"));
      SinkType type;
      String typeText = text(f, at + ".type", s.get("type"));
      try {
        type = SinkType.valueOf(typeText.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(f + ": " + at + ".type: \"" + typeText + "\" is not a sink type; types are webhook, slack");
      }
      String urlEnv = text(f, at + ".urlEnv", s.get("urlEnv"));
      String url = env.apply(urlEnv);
      if (url == null || url.isBlank()) {
        throw new IllegalArgumentException(f + ": " + at + ".urlEnv: the environment variable " + urlEnv
            + " (sink " + name + "'s URL) is not set");
      }
      URI uri;
      try {
        uri = URI.create(url.trim());
      } catch (IllegalArgumentException e) {
        uri = null;
      }
      if (uri == null || uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        // The value is a secret: say which variable, never what it holds.
        throw new IllegalArgumentException(f + ": " + at + ".urlEnv: the environment variable " + urlEnv
            + " does not hold an http(s) URL");
      }
      String token = null;
      if (s.has("tokenEnv")) {
        String tokenEnv = text(f, at + ".tokenEnv", s.get("tokenEnv"));
        token = env.apply(tokenEnv);
        if (token == null || token.isBlank()) {
          throw new IllegalArgumentException(f + ": " + at + ".tokenEnv: the environment variable " + tokenEnv
              + " (sink " + name + "'s token) is not set");
        }
      }
      if (sinks.put(name, new Sink(name, type, uri, token)) != null) {
        throw new IllegalArgumentException(f + ": " + at + ".name: sink " + name + " is named twice");
      }
    }
    return sinks;
  }

  /** No {@code routes}: every kind to every sink. */
  private static Map<String, List<String>> routes(String f, @Nullable JsonNode node, Set<String> sinkNames) {
    Map<String, List<String>> routes = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      KINDS.forEach(k -> routes.put(k, List.copyOf(sinkNames)));
      return routes;
    }
    JsonNode r = object(f, "routes", node);
    checkKeys(f, "routes.", r, new LinkedHashSet<>(KINDS));
    for (Iterator<Map.Entry<String, JsonNode>> it = r.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      List<String> names = new ArrayList<>();
      for (JsonNode n : list(f, "routes." + e.getKey(), e.getValue())) {
        String name = text(f, "routes." + e.getKey() + "[]", n);
        if (!sinkNames.contains(name)) {
          throw new IllegalArgumentException(f + ": routes." + e.getKey() + ": no sink named " + name + "; sinks are "
              + String.join(", ", sinkNames));
        }
        names.add(name);
      }
      routes.put(e.getKey(), names);
    }
    return routes;
  }

  private static void checkKeys(String f, String prefix, JsonNode node, Set<String> keys) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!keys.contains(key)) {
        throw new IllegalArgumentException(f + ": unknown key \"" + prefix + key + "\"; keys " + (prefix.isEmpty() ? "" : "of " + prefix.substring(0, prefix.length() - 1) + " ")
            + "are " + String.join(", ", new java.util.TreeSet<>(keys)));
      }
    }
  }

  private static JsonNode object(String f, String key, @Nullable JsonNode node) {
    if (node == null || node.isNull()) {
      return YAML.createObjectNode();
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException(f + ": " + key + " must be a mapping");
    }
    return node;
  }

  private static List<JsonNode> list(String f, String key, @Nullable JsonNode node) {
    List<JsonNode> items = new ArrayList<>();
    if (node == null || node.isNull()) {
      return items;
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException(f + ": " + key + " must be a list");
    }
    node.forEach(items::add);
    return items;
  }

  private static String text(String f, String key, @Nullable JsonNode node) {
    if (node == null || !node.isValueNode() || node.isNull() || node.asText().isBlank()) {
      throw new IllegalArgumentException(f + ": " + key + " must be a non-empty value");
    }
    return node.asText().trim();
  }

  private static double number(String f, String key, JsonNode node) {
    if (!node.isNumber()) {
      throw new IllegalArgumentException(f + ": " + key + " must be a number, not \"" + node.asText() + "\"");
    }
    return node.asDouble();
  }

  private static Duration duration(String f, String key, @Nullable JsonNode node, String fallback) {
    String text = node == null || node.isNull() ? fallback : node.asText();
    try {
      return Durations.parse(key, text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(f + ": " + e.getMessage(), e);
    }
  }
}
