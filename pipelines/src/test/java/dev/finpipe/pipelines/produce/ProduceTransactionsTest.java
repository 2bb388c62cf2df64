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
import dev.finpipe.pipelines.generate.ChangeGenerator;
import dev.finpipe.pipelines.generate.GeneratedDomain;
import dev.finpipe.pipelines.generate.GeneratorSettings;
import dev.finpipe.pipelines.generate.OpsGenerator;
import dev.finpipe.pipelines.generate.OpsSettings;
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

    // Per account, the same lines in the same order; lines without an account id (blank, torn, missing it) unkeyed.
    Map<String, List<String>> expectedByKey = assertSentInOrderPerKey(expected, records, "account_id");
    assertThat("some lines have no account id", expectedByKey.get("null"), hasSize(greaterThan(0)));
    assertThat(records.stream().map(ConsumerRecord::partition).distinct().count(), greaterThan(1L));
  }

  @Test
  public void changeDomainsGoToTheirTopicKeyedByEntityIdEveryRecordOnce() throws Exception {
    for (GeneratedDomain domain : List.of(GeneratedDomain.CUSTOMERS, GeneratedDomain.ACCOUNTS)) {
      err.reset();
      int exit = run("--bootstrapServers=" + KAFKA.bootstrapServers(), "--domain=" + domain.id(), "--users=150",
          "--seed=9", "--end=" + END, "--invalidRate=0.1");

      assertEquals(err(), 0, exit);
      List<String> expected = new ArrayList<>();
      ChangeGenerator.create(GeneratorSettings.builder().setCount(0).setSeed(9).setUsers(150)
          .setEnd(Instant.parse(END)).setInvalidRate(0.1).build(), domain).forEachRemaining(expected::add);
      assertThat(err(), allOf(containsString("topic " + domain.id() + ", as fast as possible, every " + domain.id()
              + " change record"), containsString("created topic " + domain.id()),
          containsString("sent " + expected.size() + ", acked " + expected.size() + ", errors 0")));
      List<ConsumerRecord<String, String>> records = KAFKA.readAll(domain.id());
      assertThat(records, hasSize(expected.size()));
      // One entity's records in the order generated; unkeyed ones (torn, id missing or empty) in any order.
      Map<String, List<String>> expectedByKey = assertSentInOrderPerKey(expected, records, domain.keyField());
      assertThat(domain.id(), expectedByKey.get(domain == GeneratedDomain.CUSTOMERS ? "U-000001" : "ACC-000001"),
          hasSize(greaterThan(0)));
      assertThat("some lines have no usable id", expectedByKey.get("null"), hasSize(greaterThan(0)));
      assertThat(records.stream().map(ConsumerRecord::partition).distinct().count(), greaterThan(1L));
    }
  }

  @Test
  public void opsDomainsSendEveryFilesLinesInTurnKeyedByServiceOrHost() throws Exception {
    for (GeneratedDomain domain : List.of(GeneratedDomain.APP_LOGS, GeneratedDomain.INFRA_METRICS)) {
      err.reset();
      int exit = run("--bootstrapServers=" + KAFKA.bootstrapServers(), "--domain=" + domain.id(), "--services=2",
          "--minutes=80", "--seed=9", "--end=" + END, "--invalidRate=0.05");

      assertEquals(err(), 0, exit);
      List<String> expected = new ArrayList<>();
      OpsGenerator.create(new OpsSettings(9, 2, 80, 2, Instant.parse(END), 0.02, 0.05, OpsSettings.DEFAULT_LATE_RATE,
          true)).files(domain).forEach(expected::addAll);
      assertThat(err(), allOf(containsString("topic " + domain.id() + ", as fast as possible, every " + domain.id()
              + " line"), containsString("sent " + expected.size() + ", acked " + expected.size() + ", errors 0")));
      List<ConsumerRecord<String, String>> records = KAFKA.readAll(domain.id());
      assertThat(records, hasSize(expected.size()));
      Map<String, List<String>> expectedByKey = assertSentInOrderPerKey(expected, records, domain.keyField());
      assertThat(domain.id(), expectedByKey.get(domain == GeneratedDomain.APP_LOGS ? "payments-api"
          : "payments-api-01"), hasSize(greaterThan(0)));
    }
    err.reset();
    assertRejected("--users", "--domain=app_logs", "--users=10");
    assertRejected("--minutes", "--domain=transactions", "--minutes=100");
  }

  /**
   * Asserts that every record is keyed by the {@code keyField} of its line, each key on one partition, and that per
   * key the records are the expected lines in the same order (unkeyed ones in any order); returns the expected lines
   * by key ("null": unkeyed).
   */
  private static Map<String, List<String>> assertSentInOrderPerKey(List<String> expected,
      List<ConsumerRecord<String, String>> records, String keyField) {
    Map<String, List<String>> expectedByKey = new HashMap<>();
    for (String line : expected) {
      expectedByKey.computeIfAbsent(String.valueOf(stringFieldIn(line, keyField)), k -> new ArrayList<>()).add(line);
    }
    Map<String, List<String>> sentByKey = new HashMap<>();
    Map<String, Integer> partitionOfKey = new HashMap<>();
    for (ConsumerRecord<String, String> record : records) {
      assertEquals(record.value(), stringFieldIn(record.value(), keyField), record.key());
      sentByKey.computeIfAbsent(String.valueOf(record.key()), k -> new ArrayList<>()).add(record.value());
      if (record.key() != null) {
        assertEquals("one partition per key", partitionOfKey.computeIfAbsent(record.key(), k ->
            record.partition()), (Integer) record.partition());
      }
    }
    assertEquals(expectedByKey.keySet(), sentByKey.keySet());
    expectedByKey.forEach((key, lines) -> {
      if (key.equals("null")) {
        assertEquals(lines.stream().sorted().collect(Collectors.toList()),
            sentByKey.get(key).stream().sorted().collect(Collectors.toList()));
      } else {
        assertEquals(key, lines, sentByKey.get(key));
      }
    });
    return expectedByKey;
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
    assertRejected("--domain", "--domain=loans");
    assertRejected("--lateRate", "--domain=customers", "--lateRate=0.1");
    assertRejected("--duplicateRate + --invalidRate", "--domain=accounts", "--duplicateRate=0.5",
        "--invalidRate=0.5");
  }

  private void assertRejected(String named, String... args) {
    err.reset();
    assertEquals(String.join(" ", args) + ": " + err(), 2, run(args));
    assertThat(err(), containsString(named));
  }

  @Test
  public void accountIdIsFoundWithoutParsing() {
    assertEquals("ACC-000042",
        ProduceTransactions.stringFieldOf("{\"transaction_id\":\"t\",\"account_id\":\"ACC-000042\"}", "account_id"));
    assertNull(ProduceTransactions.stringFieldOf("", "account_id"));
    assertNull(ProduceTransactions.stringFieldOf("{\"transaction_id\":\"t\",\"account_id\":\"ACC-00", "account_id"));
    assertNull(ProduceTransactions.stringFieldOf("{\"account_id\":\"\"}", "account_id"));
    assertNull(ProduceTransactions.stringFieldOf("{\"account_id\":\"A\\\"B\"}", "account_id"));
  }

  /**
   * The string a JSON parser finds in {@code field} of an object line (null if it has none, or it is empty: the
   * producer keys those with null); for a line that is not an object (blank, torn, an array) the producer's cheap
   * reading decides.
   */
  private static String stringFieldIn(String line, String field) {
    try {
      JsonNode node = MAPPER.readTree(line);
      if (node != null && node.isObject()) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
      }
    } catch (IOException torn) {
      // falls through
    }
    return ProduceTransactions.stringFieldOf(line, field);
  }
}
