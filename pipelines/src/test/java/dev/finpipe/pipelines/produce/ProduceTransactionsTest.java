package dev.finpipe.pipelines.produce;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finpipe.pipelines.generate.GeneratorSettings;
import dev.finpipe.pipelines.generate.TransactionGenerator;
import dev.finpipe.testing.LocalKafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ProduceTransactionsTest {
  @ClassRule public static final LocalKafkaBroker KAFKA = LocalKafkaBroker.create();

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final String END = "2026-11-20T00:00:00Z";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return ProduceTransactions.execute(new PrintStream(err, true, StandardCharsets.UTF_8), args);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private static List<String> generatorLines(long count, long seed, double invalidRate) {
    return TransactionGenerator.create(GeneratorSettings.builder()
            .setCount(count).setSeed(seed).setEnd(Instant.parse(END)).setInvalidRate(invalidRate).build())
        .stream().collect(Collectors.toList());
  }

  @Test
  public void sendsTheGeneratorsLinesKeyedByAccountId() throws Exception {
    int exit = run("--bootstrapServers=" + KAFKA.bootstrapServers(), "--topic=keyed", "--partitions=3",
        "--count=1000", "--seed=11", "--end=" + END, "--invalidRate=0.05");

    assertEquals(err(), 0, exit);
    assertThat(err(), allOf(containsString("created topic keyed with 3 partitions"),
        containsString("sent 1000, acked 1000, errors 0")));
    List<String> expected = generatorLines(1000, 11, 0.05);
    List<ConsumerRecord<String, String>> records = KAFKA.readAll("keyed");
    assertThat(records, hasSize(1000));

    Map<String, List<String>> expectedByKey = new HashMap<>();
    for (String line : expected) {
      expectedByKey.computeIfAbsent(String.valueOf(accountIdIn(line)), k -> new ArrayList<>()).add(line);
    }
    Map<String, List<String>> sentByKey = new HashMap<>();
    Map<String, Integer> partitionOfKey = new HashMap<>();
    for (ConsumerRecord<String, String> record : records) {
      assertEquals(record.value(), accountIdIn(record.value()), record.key());
      sentByKey.computeIfAbsent(String.valueOf(record.key()), k -> new ArrayList<>()).add(record.value());
      if (record.key() != null) {
        assertEquals("one partition per account", partitionOfKey.computeIfAbsent(record.key(), k ->
            record.partition()), (Integer) record.partition());
      }
    }
    // Per account, the same lines in the same order; lines without an account id (blank, torn, missing it) unkeyed.
    assertEquals(expectedByKey.keySet(), sentByKey.keySet());
    expectedByKey.forEach((key, lines) -> {
      if (key.equals("null")) {
        assertEquals(lines.stream().sorted().collect(Collectors.toList()),
            sentByKey.get(key).stream().sorted().collect(Collectors.toList()));
      } else {
        assertEquals(key, lines, sentByKey.get(key));
      }
    });
    assertThat("some lines have no account id", expectedByKey.get("null"), hasSize(greaterThan(0)));
    assertThat(records.stream().map(ConsumerRecord::partition).distinct().count(), greaterThan(1L));
  }

  @Test
  public void rateLimitedRunSendsEveryEventNoSoonerThanTheRateAllows() throws Exception {
    long started = System.nanoTime();
    int exit = run("--bootstrapServers=" + KAFKA.bootstrapServers(), "--topic=paced", "--count=200",
        "--rate=500", "--seed=5", "--end=" + END);
    double seconds = (System.nanoTime() - started) / 1e9;

    assertEquals(err(), 0, exit);
    assertEquals(generatorLines(200, 5, 0.01).stream().sorted().collect(Collectors.toList()),
        KAFKA.readAll("paced").stream().map(ConsumerRecord::value).sorted().collect(Collectors.toList()));
    // Event 199 is not sent before 199 / 500 s: a lower bound the pacer guarantees (no upper bound: no flakes).
    assertThat(seconds, greaterThanOrEqualTo(199 / 500.0));
  }

  @Test
  public void existingTopicIsUsedAsItIs() throws Exception {
    KAFKA.createTopic("existing", 1);

    assertEquals(err(), 0, run("--bootstrapServers=" + KAFKA.bootstrapServers(), "--topic=existing",
        "--partitions=3", "--count=10", "--end=" + END));

    assertThat(err(), not(containsString("created topic")));
    assertThat(KAFKA.readAll("existing"), hasSize(10));
  }

  @Test
  public void configFileGivesTheConnection() throws Exception {
    Path config = tmp.newFile("kafka.properties").toPath();
    Files.writeString(config, "bootstrap.servers=${env:FINPIPE_TEST_UNSET_VARIABLE}\n");
    assertRejected("FINPIPE_TEST_UNSET_VARIABLE", "--config=" + config, "--count=1");

    Files.writeString(config, "bootstrap.servers=" + KAFKA.bootstrapServers() + "\nsecurity.protocol=PLAINTEXT\n");
    err.reset();
    assertEquals(err(), 0, run("--config=" + config, "--topic=configured", "--count=5", "--end=" + END));
    assertThat(err(), containsString("bootstrap.servers=" + KAFKA.bootstrapServers() + ", security.protocol=PLAINTEXT"));
    assertThat(KAFKA.readAll("configured"), hasSize(5));
  }

  @Test
  public void badFlagsAreRejectedNamingTheFlag() {
    assertRejected("--rate", "--rate=-5");
    assertRejected("--rate", "--rate=fast");
    assertRejected("--count", "--count=-1");
    assertRejected("--partitions", "--partitions=0");
    assertRejected("--config", "--config=/no/such/kafka.properties");
    assertRejected("--duplicateRate", "--duplicateRate=2");
    assertRejected("--end", "--end=tomorrow");
  }

  private void assertRejected(String named, String... args) {
    err.reset();
    assertEquals(String.join(" ", args) + ": " + err(), 2, run(args));
    assertThat(err(), containsString(named));
  }

  @Test
  public void accountIdIsFoundWithoutParsing() {
    assertEquals("ACC-000042", ProduceTransactions.accountIdOf("{\"transaction_id\":\"t\",\"account_id\":\"ACC-000042\"}"));
    assertNull(ProduceTransactions.accountIdOf(""));
    assertNull(ProduceTransactions.accountIdOf("{\"transaction_id\":\"t\",\"account_id\":\"ACC-00"));
    assertNull(ProduceTransactions.accountIdOf("{\"account_id\":\"\"}"));
    assertNull(ProduceTransactions.accountIdOf("{\"account_id\":\"A\\\"B\"}"));
  }

  /**
   * The account id a JSON parser finds in an object line (null if it has none); for a line that is not an object
   * (blank, torn, an array) the producer's cheap reading decides.
   */
  private static String accountIdIn(String line) {
    try {
      JsonNode node = MAPPER.readTree(line);
      if (node != null && node.isObject()) {
        JsonNode account = node.get("account_id");
        return account != null && account.isTextual() ? account.asText() : null;
      }
    } catch (IOException torn) {
      // falls through
    }
    return ProduceTransactions.accountIdOf(line);
  }
}
