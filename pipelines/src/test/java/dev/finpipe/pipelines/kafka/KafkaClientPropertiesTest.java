package dev.finpipe.pipelines.kafka;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class KafkaClientPropertiesTest {
  private static final Map<String, String> PROD_ENVIRONMENT = Map.of(
      "KAFKA_BOOTSTRAP_SERVERS", "broker-1.example:9093",
      "KAFKA_SASL_USERNAME", "finpipe",
      "KAFKA_SASL_PASSWORD", "s3cr3t-p4ss",
      "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/finpipe/truststore.p12",
      "KAFKA_SSL_TRUSTSTORE_PASSWORD", "trust-me");

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static Path runnersConfig(String env) {
    return Paths.get("..", "runners-config", env, "kafka.properties");
  }

  @Test
  public void prodFileTakesItsSecretsFromTheEnvironment() throws Exception {
    Properties properties = KafkaClientProperties.load(runnersConfig("prod"), PROD_ENVIRONMENT::get);

    assertEquals("broker-1.example:9093", properties.getProperty("bootstrap.servers"));
    assertEquals("SASL_SSL", properties.getProperty("security.protocol"));
    assertThat(properties.getProperty("sasl.jaas.config"),
        allOf(containsString("username=\"finpipe\""), containsString("password=\"s3cr3t-p4ss\";")));
    assertEquals("trust-me", properties.getProperty("ssl.truststore.password"));
  }

  @Test
  public void describeShowsNoSecret() throws Exception {
    Properties properties = KafkaClientProperties.load(runnersConfig("prod"), PROD_ENVIRONMENT::get);

    String described = KafkaClientProperties.describe(properties);

    assertEquals("bootstrap.servers=broker-1.example:9093, security.protocol=SASL_SSL, sasl.mechanism=SCRAM-SHA-512",
        described);
    assertThat(described, allOf(not(containsString("s3cr3t")), not(containsString("trust-me"))));
  }

  @Test
  public void unsetVariableIsNamedWithoutShowingAnyValue() {
    Map<String, String> withoutPassword = new HashMap<>(PROD_ENVIRONMENT);
    withoutPassword.remove("KAFKA_SASL_PASSWORD");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KafkaClientProperties.load(runnersConfig("prod"), withoutPassword::get));

    assertThat(e.getMessage(), allOf(containsString("sasl.jaas.config"), containsString("KAFKA_SASL_PASSWORD"),
        containsString("is not set"), not(containsString("finpipe\""))));
  }

  @Test
  public void devFileNeedsNoEnvironment() throws Exception {
    Properties properties = KafkaClientProperties.load(runnersConfig("dev"), name -> null);

    assertEquals("127.0.0.1:9092", properties.getProperty("bootstrap.servers"));
    assertEquals("PLAINTEXT", properties.getProperty("security.protocol"));
  }

  @Test
  public void replacementsAreTakenLiterally() throws Exception {
    Path file = tmp.newFile("client.properties").toPath();
    Files.writeString(file, "a=${env:A}-${env:A}\nb=plain $ and ${not-env}\n");

    Properties properties = KafkaClientProperties.load(file, name -> name.equals("A") ? "x$1\\y" : null);

    assertEquals("x$1\\y-x$1\\y", properties.getProperty("a"));
    assertEquals("plain $ and ${not-env}", properties.getProperty("b"));
  }
}
