package dev.finpipe.pipelines.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka client settings from a properties file, with {@code ${env:NAME}} replaced by the environment variable
 * {@code NAME}:
 *
 * <pre>{@code
 * security.protocol=SASL_SSL
 * sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \
 *     username="${env:KAFKA_SASL_USERNAME}" password="${env:KAFKA_SASL_PASSWORD}";
 * }</pre>
 *
 * <p>A reference to a variable that is not set is an error naming the file, the key and the variable, never a value.
 * {@link #describe(Properties)} shows only settings that are safe to log.
 */
public final class KafkaClientProperties {
  private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");
  /** The settings {@link #describe} shows; everything else (passwords, JAAS, key stores) stays out of logs. */
  private static final List<String> SAFE_TO_LOG =
      List.of("bootstrap.servers", "security.protocol", "sasl.mechanism", "client.id");

  private KafkaClientProperties() {}

  /** Loads {@code file}, filling {@code ${env:NAME}} from the process environment. */
  public static Properties load(Path file) throws IOException {
    return load(file, System::getenv);
  }

  /**
   * Loads {@code file}, filling {@code ${env:NAME}} from {@code environment} (null for an unset variable).
   *
   * @throws IllegalArgumentException if a referenced variable is not set
   */
  public static Properties load(Path file, UnaryOperator<String> environment) throws IOException {
    Properties raw = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      raw.load(reader);
    }
    Properties expanded = new Properties();
    for (String key : raw.stringPropertyNames()) {
      expanded.setProperty(key, expand(raw.getProperty(key), environment, file + ": " + key));
    }
    return expanded;
  }

  private static String expand(String value, UnaryOperator<String> environment, String where) {
    Matcher m = ENV_REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String variable = m.group(1);
      String replacement = environment.apply(variable);
      if (replacement == null) {
        throw new IllegalArgumentException(
            where + " refers to ${env:" + variable + "}, but the environment variable " + variable + " is not set");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    return m.appendTail(out).toString();
  }

  /** {@code bootstrap.servers=…, security.protocol=…}: the settings that are safe to log, and only those. */
  public static String describe(Properties properties) {
    StringJoiner joiner = new StringJoiner(", ");
    for (String key : SAFE_TO_LOG) {
      String value = properties.getProperty(key);
      if (value != null) {
        joiner.add(key + "=" + value);
      }
    }
    return joiner.toString();
  }
}
