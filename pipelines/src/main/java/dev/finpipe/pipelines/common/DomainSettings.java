package dev.finpipe.pipelines.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.finpipe.domain.Domain;
import dev.finpipe.domain.Domains;
import dev.finpipe.options.DedupeOptions;
import dev.finpipe.options.Durations;
import dev.finpipe.options.InputOptions;
import dev.finpipe.options.ValidationOptions;
import dev.finpipe.pipelines.bronze.KafkaOptions;
import dev.finpipe.validate.RuleAction;
import dev.finpipe.validate.RuleActions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.PipelineOptions;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * One domain's settings, resolved in this order: the flag on the command line, then the domain's file
 * {@code <--domainConfig>/<domain>.yaml}, then the built-in default. Keys of the file are the flags' names:
 *
 * <pre>{@code
 * # runners-config/dev/domains/customers.yaml
 * input: data/dev/input/customers/*.jsonl
 * topic: customers
 * dedupeWindow: 1d
 * allowedLateness: 2d
 * ruleActions: segment_known=WARN
 * }</pre>
 *
 * An unknown key, a value that is not text, or a bad duration or rule name stops the stage with a message naming the
 * file and what to fix.
 */
public final class DomainSettings {
  /** The keys a domain's file may set, in the order they are documented. */
  public static final List<String> KEYS = List.of("input", "topic", "dedupeWindow", "allowedLateness", "ruleActions");

  /** Keys of event domains only: change records are never late and are deduplicated against their history. */
  private static final List<String> EVENTS_ONLY = List.of("dedupeWindow", "allowedLateness");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Domain<?> domain;
  private final Map<String, String> file;
  private final Map<String, @Nullable String> flags;
  private final String source;

  private DomainSettings(Domain<?> domain, Map<String, String> file, Map<String, @Nullable String> flags, String source) {
    this.domain = domain;
    this.file = file;
    this.flags = flags;
    this.source = source;
  }

  /**
   * {@code domain}'s settings under {@code configDir} (null: none, the built-in defaults), with {@code flags} (key to
   * the flag's value, null when not given) taking precedence.
   */
  public static DomainSettings of(Domain<?> domain, @Nullable String configDir, Map<String, @Nullable String> flags) {
    if (configDir == null) {
      return new DomainSettings(domain, Map.of(), flags, "built-in defaults");
    }
    Path dir = Path.of(configDir);
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--domainConfig=" + configDir + " is not a folder (it holds <domain>.yaml files)");
    }
    Path path = dir.resolve(domain.name() + ".yaml");
    Map<String, String> file = Files.isRegularFile(path) ? read(path) : Map.of();
    if (domain.kind() == Domain.Kind.CHANGES) {
      for (String key : EVENTS_ONLY) {
        if (file.containsKey(key)) {
          throw new IllegalArgumentException(path + ": " + key + " applies to event domains only; " + domain.name()
              + " keeps every change in updated_at order, whenever it arrives (remove the line)");
        }
      }
    }
    return new DomainSettings(domain, file, flags, Files.isRegularFile(path) ? path.toString() : "built-in defaults");
  }

  private static Map<String, String> read(Path path) {
    JsonNode root;
    try {
      root = YAML.readTree(path.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read domain settings " + path + ": " + e.getMessage(), e);
    }
    Map<String, String> values = new LinkedHashMap<>();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return values; // an empty file: every default
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException(path + " must be a mapping of " + String.join(", ", KEYS));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!KEYS.contains(e.getKey())) {
        throw new IllegalArgumentException(path + ": unknown key \"" + e.getKey() + "\"; keys are " + String.join(", ", KEYS));
      }
      if (!e.getValue().isValueNode() || e.getValue().isNull()) {
        throw new IllegalArgumentException(path + ": " + e.getKey() + " must be a single value, e.g. "
            + e.getKey() + ": " + builtIn(e.getKey(), "transactions"));
      }
      values.put(e.getKey(), e.getValue().asText());
    }
    return values;
  }

  public Domain<?> domain() {
    return domain;
  }

  /** The glob bronze ingests files from. */
  public String input() {
    return value("input");
  }

  /** The Kafka topic bronze ingests. */
  public String topic() {
    return value("topic");
  }

  public Duration dedupeWindow() {
    return parsed("dedupeWindow", v -> Durations.parse("dedupeWindow", v));
  }

  public Duration allowedLateness() {
    return parsed("allowedLateness", v -> Durations.parse("allowedLateness", v));
  }

  /** The rule action overrides, checked against the domain's rule names. */
  public Map<String, RuleAction> ruleActions() {
    return parsed("ruleActions", v -> RuleActions.parse(v, domain.ruleNames()));
  }

  /** The flag's value if given, else the file's, else the built-in default. */
  private String value(String key) {
    String flag = flags.get(key);
    if (flag != null) {
      return flag;
    }
    String fromFile = file.get(key);
    return fromFile != null ? fromFile : builtIn(key, domain.name());
  }

  private <V> V parsed(String key, Function<String, V> parse) {
    try {
      return parse.apply(value(key));
    } catch (IllegalArgumentException e) {
      throw flags.get(key) == null && file.containsKey(key)
          ? new IllegalArgumentException(source + ": " + e.getMessage(), e)
          : e;
    }
  }

  private static String builtIn(String key, String domain) {
    switch (key) {
      case "input":
        return domain.equals("transactions") ? "data/dev/input/*.jsonl" : "data/dev/input/" + domain + "/*.jsonl";
      case "topic":
        return domain;
      case "dedupeWindow":
        return "1d";
      case "allowedLateness":
        return "2d";
      case "ruleActions":
        return "";
      default:
        throw new IllegalStateException("no default for " + key);
    }
  }

  /** The flags of {@code options} that override a domain's file: those its stage has, when given. */
  public static Map<String, @Nullable String> flagsOf(PipelineOptions options) {
    Map<String, @Nullable String> flags = new LinkedHashMap<>();
    if (options instanceof InputOptions) {
      flags.put("input", ((InputOptions) options).getInput());
    }
    if (options instanceof KafkaOptions) {
      flags.put("topic", ((KafkaOptions) options).getTopic());
    }
    if (options instanceof DedupeOptions) {
      flags.put("dedupeWindow", ((DedupeOptions) options).getDedupeWindow());
      flags.put("allowedLateness", ((DedupeOptions) options).getAllowedLateness());
    }
    if (options instanceof ValidationOptions) {
      flags.put("ruleActions", ((ValidationOptions) options).getRuleActions());
    }
    return flags;
  }

  /** The settings of the one domain a stage's {@code --domain} names. */
  public static DomainSettings forStage(DomainOptions options) {
    return of(Domains.byName(options.getDomain()), options.getDomainConfig(), flagsOf(options));
  }

  /**
   * The settings of each of {@code domains}. A per-domain flag ({@code --input}, {@code --topic},
   * {@code --ruleActions}) names one domain's files, topic or rules, so with several domains it is refused: set it in
   * each domain's file instead.
   */
  public static List<DomainSettings> forDomains(List<Domain<?>> domains, DomainOptions options) {
    Map<String, @Nullable String> flags = flagsOf(options);
    if (domains.size() > 1) {
      for (String key : List.of("input", "topic", "ruleActions")) {
        if (flags.get(key) != null) {
          throw new IllegalArgumentException("--" + key + " applies to one domain, and this run has "
              + domains.size() + " (" + domains.stream().map(Domain::name).collect(Collectors.joining(", "))
              + "): name one with --domains, or set " + key + " in each domain's <domain>.yaml of --domainConfig");
        }
      }
    }
    return domains.stream().map(d -> of(d, options.getDomainConfig(), flags)).collect(Collectors.toList());
  }
}
