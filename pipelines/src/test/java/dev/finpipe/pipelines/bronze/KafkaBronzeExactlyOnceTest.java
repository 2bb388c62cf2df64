package dev.finpipe.pipelines.bronze;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.domain.Domains;
import dev.finpipe.io.TableSpec;
import dev.finpipe.io.Tables;
import dev.finpipe.pipelines.common.CrashPoints;
import dev.finpipe.pipelines.common.DomainSettings;
import dev.finpipe.pipelines.common.RunReport;
import dev.finpipe.pipelines.common.TableSnapshots;
import dev.finpipe.pipelines.common.TriggerLoop;
import dev.finpipe.pipelines.medallion.RunMedallion;
import dev.finpipe.pipelines.silver.BronzeToSilver;
import dev.finpipe.testing.Await;
import dev.finpipe.testing.LocalKafkaBroker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Kafka → bronze → silver against a real local broker: offsets are committed in the Delta log with the data, and a
 * bronze process killed just before or just after its commit loses nothing and duplicates nothing. Also the whole
 * medallion from Kafka ({@code RunMedallion --source=KAFKA}, what {@code make demo} runs).
 */
public class KafkaBronzeExactlyOnceTest {
  private static LocalKafkaBroker kafka;
  private static int topicCounter;

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private String topic;
  private String warehouse;
  private Path kafkaConfig;

  @BeforeClass
  public static void startBroker() throws Exception {
    kafka = LocalKafkaBroker.create().start();
  }

  @AfterClass
  public static void stopBroker() throws Exception {
    kafka.close();
  }

  @Before
  public void setUp() throws Exception {
    topic = "tx-" + (++topicCounter);
    kafka.createTopic(topic, 3);
    warehouse = tmp.newFolder("warehouse-" + topic).getAbsolutePath();
    kafkaConfig = tmp.getRoot().toPath().resolve("kafka.properties");
    Files.writeString(kafkaConfig, "bootstrap.servers=" + kafka.bootstrapServers() + "\ndefault.api.timeout.ms=10000\n");
  }

  private BronzeToSilver.Options silverOptions() {
    return PipelineOptionsFactory.fromArgs("--runner=DirectRunner", "--warehouse=" + warehouse).as(BronzeToSilver.Options.class);
  }

  private String[] args(String... extra) {
    List<String> args = new ArrayList<>(List.of(
        "--runner=DirectRunner", "--warehouse=" + warehouse, "--kafkaConfig=" + kafkaConfig, "--topic=" + topic));
    args.addAll(List.of(extra));
    return args.toArray(new String[0]);
  }

  private BronzeFromKafka.Options bronzeOptions() {
    return PipelineOptionsFactory.fromArgs(args()).as(BronzeFromKafka.Options.class);
  }

  /** The fixture's 15 non-blank lines keyed by account id, a null value and a value that is not UTF-8. */
  private void produceFixture() throws IOException {
    List<String> lines;
    try (InputStream in = getClass().getResourceAsStream("/MedallionEndToEndTest/batch-1.jsonl")) {
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
    }
    Properties props = new Properties();
    props.put("bootstrap.servers", kafka.bootstrapServers());
    props.put("key.serializer", ByteArraySerializer.class.getName());
    props.put("value.serializer", ByteArraySerializer.class.getName());
    props.put("enable.idempotence", "true");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      for (String line : lines) {
        producer.send(new ProducerRecord<>(topic, 0, "ACC-1".getBytes(StandardCharsets.UTF_8), line.getBytes(StandardCharsets.UTF_8)));
      }
      producer.send(new ProducerRecord<>(topic, 1, "ACC-9".getBytes(StandardCharsets.UTF_8), null));
      producer.send(new ProducerRecord<>(topic, 2, null, new byte[] {'{', (byte) 0xC3, '(', '}'}));
      producer.flush();
    }
  }

  private List<String> silverIds() {
    List<String> ids = new ArrayList<>();
    TableSnapshots.forEachRow(warehouse, Tables.SILVER, (p, r) -> ids.add(r.get("transaction_id").toString()));
    ids.sort(null);
    return ids;
  }

  private static final List<String> DISTINCT_VALID = List.of("t-001", "t-002", "t-003", "t-004", "t-011");

  @Test
  public void silverHoldsExactlyTheDistinctValidEventsAndOffsetsAreInTheLog() throws Exception {
    produceFixture();

    RunReport bronze = BronzeFromKafka.run(bronzeOptions());
    assertEquals(17, bronze.count("records read"));
    assertEquals(1, bronze.count("quarantined NULL_VALUE"));
    assertEquals(1, bronze.count("quarantined NOT_UTF8"));
    BronzeToSilver.run(silverOptions());

    assertEquals(DISTINCT_VALID, silverIds());
    DeltaTable bronzeTable = DeltaTable.at(warehouse, Tables.BRONZE);
    assertEquals(15, bronzeTable.appVersion(BronzeFromKafka.progressId(topic, 0)));
    assertEquals(1, bronzeTable.appVersion(BronzeFromKafka.progressId(topic, 1)));
    assertEquals(1, bronzeTable.appVersion(BronzeFromKafka.progressId(topic, 2)));
    // Every bronze row keeps its Kafka coordinates.
    List<String> coordinates = new ArrayList<>();
    TableSnapshots.forEachRow(warehouse, Tables.BRONZE, (p, r) -> coordinates.add(
        r.get("source") + "/" + r.get("source_partition") + "@" + r.get("source_offset") + " key=" + r.get("kafka_key")));
    coordinates.sort(null);
    assertEquals("kafka://" + topic + "/0@0 key=ACC-1", coordinates.get(0));
    assertEquals(15, coordinates.size());

    long version = bronzeTable.version();
    assertEquals(0, BronzeFromKafka.run(bronzeOptions()).count("partitions with new records"));
    assertEquals(version, bronzeTable.version());
  }

  @Test
  public void aMissingTopicStopsAOneDomainRunButIsNothingToIngestInARunOfSeveral() throws Exception {
    BronzeFromKafka.Options options = PipelineOptionsFactory.fromArgs("--runner=DirectRunner",
        "--warehouse=" + warehouse, "--kafkaConfig=" + kafkaConfig, "--domain=customers").as(BronzeFromKafka.Options.class);
    // The customers' topic is named after the domain; this broker has none.
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> BronzeFromKafka.run(options));
    assertThat(e.getMessage(), containsString("topic customers does not exist at " + kafka.bootstrapServers()));
    RunReport report = BronzeFromKafka.run(options, DomainSettings.forStage(options), false);
    assertThat(report.render(), containsString("topic customers does not exist"));
    assertThat(report.render(), containsString("nothing committed"));
    assertFalse(DeltaTable.at(warehouse, Domains.CUSTOMERS.bronze()).exists());
  }

  @Test
  public void medallionFromKafkaFillsEveryLayerAndARerunCommitsNothing() throws Exception {
    produceFixture();
    RunMedallion.Options options = PipelineOptionsFactory.fromArgs(args(
        "--source=KAFKA", "--input=" + tmp.newFolder("no-files") + "/*.jsonl")).as(RunMedallion.Options.class);

    List<RunReport> first = RunMedallion.run(options);
    assertEquals(List.of("bronze", "silver", "gold"), first.stream().map(RunReport::stage).collect(Collectors.toList()));
    assertEquals(17, first.get(0).count("records read"));
    assertEquals(15, first.get(1).count("records read"));
    assertEquals(1, first.get(1).count("duplicates"));
    assertEquals(5, first.get(2).count("silver rows read"));
    assertEquals(DISTINCT_VALID, silverIds());
    List<String> gold = new ArrayList<>();
    TableSnapshots.forEachRow(warehouse, Tables.GOLD_DAILY_USER_CURRENCY,
        (date, r) -> gold.add(date + " " + r.get("user_id") + " " + r.get("currency") + " " + r.get("tx_count")
            + " approved " + r.get("approved_count")));
    gold.sort(null);
    assertEquals(List.of("2026-11-20 U-1 PEN 2 approved 1", "2026-11-20 U-2 PEN 1 approved 1",
        "2026-11-21 U-2 USD 1 approved 1", "2026-11-21 U-3 JPY 1 approved 1"), gold);

    long[] versions = {version(Tables.BRONZE), version(Tables.SILVER), version(Tables.GOLD_DAILY_USER_CURRENCY)};
    List<RunReport> again = RunMedallion.run(options);
    assertEquals(0, again.get(0).count("partitions with new records"));
    assertEquals(versions[0], version(Tables.BRONZE));
    assertEquals(versions[1], version(Tables.SILVER));
    assertEquals(versions[2], version(Tables.GOLD_DAILY_USER_CURRENCY));
  }

  @Test
  public void continuousMedallionCarriesRecordsToGoldInOneProcessAndAnIdleTickCommitsNothing() throws Exception {
    produceFixture();
    RunMedallion.Options options = PipelineOptionsFactory.fromArgs(args("--source=KAFKA", "--continuous",
        "--triggerInterval=100ms", "--maxBatches=2", "--input=" + tmp.newFolder("no-files-stream") + "/*.jsonl"))
        .as(RunMedallion.Options.class);

    List<RunReport> reports = TriggerLoop.runAll("medallion", options, () -> RunMedallion.run(options));

    assertEquals(List.of("bronze", "silver", "gold", "bronze", "silver", "gold"),
        reports.stream().map(RunReport::stage).collect(Collectors.toList()));
    assertEquals(17, reports.get(0).count("records read"));
    assertEquals(5, reports.get(2).count("silver rows read"));
    assertEquals(DISTINCT_VALID, silverIds());
    assertEquals(4, TableSnapshots.rows(warehouse, Tables.GOLD_DAILY_USER_CURRENCY).size());
    for (RunReport idle : reports.subList(3, 6)) {
      assertThat(idle.render(), containsString("nothing committed"));
    }
  }

  @Test
  public void anAvailableNowMedallionOverABacklogRunsBoundedBatchesUntilCaughtUpAndLosesNothing() throws Exception {
    produceFixture(); // 17 offsets: 15 on partition 0, one each on 1 and 2
    String noFiles = "--input=" + tmp.newFolder("no-files-capped") + "/*.jsonl";
    // What one unbounded batch makes of the topic, in a warehouse of its own, is what the bounded batches must make.
    RunMedallion.Options unbounded = PipelineOptionsFactory.fromArgs(args("--source=KAFKA", "--maxRecordsPerTrigger=0",
        noFiles)).as(RunMedallion.Options.class);
    assertEquals(3, TriggerLoop.runAll("medallion", unbounded, () -> RunMedallion.run(unbounded)).size());
    List<String> offsetsOfOneBatch = offsetsHeld();
    List<String> goldOfOneBatch = goldRows();
    warehouse = tmp.newFolder("warehouse-capped").getAbsolutePath();
    RunMedallion.Options options = PipelineOptionsFactory.fromArgs(args("--source=KAFKA", "--maxRecordsPerTrigger=6",
        noFiles)).as(RunMedallion.Options.class);

    List<RunReport> reports = TriggerLoop.runAll("medallion", options, () -> RunMedallion.run(options));

    List<RunReport> bronze = reports.stream().filter(r -> r.stage().equals("bronze")).collect(Collectors.toList());
    // ceil(17 / 6) bronze batches, each at most the budget, each its own version; the last leaves nothing.
    assertEquals(List.of(6L, 6L, 5L), bronze.stream().map(r -> r.count("offsets in range")).collect(Collectors.toList()));
    assertEquals(List.of(11L, 5L, 0L), bronze.stream().map(RunReport::backlog).collect(Collectors.toList()));
    assertEquals(2, version(Tables.BRONZE));
    assertEquals(9, reports.size()); // three rounds of bronze, silver, gold
    // The same tables as the one-batch medallion: each offset once, the duplicate dropped once.
    assertEquals(offsetsOfOneBatch, offsetsHeld());
    assertEquals(offsetsHeld().size(), offsetsHeld().stream().distinct().count());
    assertEquals(DISTINCT_VALID, silverIds());
    assertEquals(1, reports.stream().filter(r -> r.stage().equals("silver")).mapToLong(r -> r.count("duplicates")).sum());
    assertEquals(goldOfOneBatch, goldRows());
    assertEquals(List.of("2026-11-20 U-1 PEN 2 approved 1", "2026-11-20 U-2 PEN 1 approved 1",
        "2026-11-21 U-2 USD 1 approved 1", "2026-11-21 U-3 JPY 1 approved 1"), goldRows());
  }

  @Test
  public void silverTakesWholeBronzeVersionsUpToItsBudget() throws Exception {
    produceFixture();
    BronzeFromKafka.Options bronzeOptions =
        PipelineOptionsFactory.fromArgs(args("--maxRecordsPerTrigger=6")).as(BronzeFromKafka.Options.class);
    TriggerLoop.run("bronze", bronzeOptions, () -> BronzeFromKafka.run(bronzeOptions));
    // Bronze versions 0, 1, 2 hold 6, 5 and 4 rows (the null and the non-UTF-8 value went to quarantine).
    DeltaTable bronzeTable = DeltaTable.at(warehouse, Tables.BRONZE);
    assertEquals(List.of(6L, 5L, 4L), List.copyOf(bronzeTable.rowsAddedByVersion(-1, 2).values()));

    BronzeToSilver.Options silverOptions = PipelineOptionsFactory.fromArgs("--runner=DirectRunner",
        "--warehouse=" + warehouse, "--maxRecordsPerTrigger=10").as(BronzeToSilver.Options.class);
    List<RunReport> silver = TriggerLoop.run("silver", silverOptions, () -> BronzeToSilver.run(silverOptions));

    // 6 fits, 6 + 5 does not: version 0 alone, then 5 + 4 together.
    assertEquals(List.of(1L, 2L), silver.stream().map(r -> r.count("bronze versions processed")).collect(Collectors.toList()));
    assertEquals(List.of(6L, 9L), silver.stream().map(r -> r.count("records read")).collect(Collectors.toList()));
    assertEquals(List.of(9L, 0L), silver.stream().map(RunReport::backlog).collect(Collectors.toList()));
    assertEquals(2, DeltaTable.at(warehouse, Tables.SILVER).appVersion(BronzeToSilver.APP_ID));
    assertEquals(DISTINCT_VALID, silverIds());
  }

  private List<String> goldRows() {
    List<String> gold = new ArrayList<>();
    TableSnapshots.forEachRow(warehouse, Tables.GOLD_DAILY_USER_CURRENCY,
        (date, r) -> gold.add(date + " " + r.get("user_id") + " " + r.get("currency") + " " + r.get("tx_count")
            + " approved " + r.get("approved_count")));
    gold.sort(null);
    return gold;
  }

  private long version(TableSpec spec) {
    return DeltaTable.at(warehouse, spec).version();
  }

  @Test
  public void crashBeforeOrAfterTheCommitLosesAndDuplicatesNothing() throws Exception {
    produceFixture();

    assertEquals(137, runBronzeProcess("before-commit"));
    assertEquals(-1, DeltaTable.at(warehouse, Tables.BRONZE).version()); // files written, nothing committed

    assertEquals(137, runBronzeProcess("after-commit"));
    assertEquals(15, DeltaTable.at(warehouse, Tables.BRONZE).appVersion(BronzeFromKafka.progressId(topic, 0)));

    assertEquals(0, runBronzeProcess(null)); // nothing new: the range was committed before the crash
    BronzeToSilver.run(silverOptions());
    assertEquals(DISTINCT_VALID, silverIds());
    List<String> bronzeRows = new ArrayList<>();
    TableSnapshots.forEachRow(warehouse, Tables.BRONZE, (p, r) -> bronzeRows.add(r.get("source_partition") + "@" + r.get("source_offset")));
    assertEquals(15, bronzeRows.size());
    assertEquals(15, bronzeRows.stream().distinct().count());
  }

  /** Every Kafka coordinate bronze and quarantine hold, as {@code table partition@offset}, sorted. */
  private List<String> offsetsHeld() {
    List<String> held = new ArrayList<>();
    for (TableSpec spec : List.of(Tables.BRONZE, Tables.QUARANTINE)) {
      TableSnapshots.forEachRow(warehouse, spec,
          (p, r) -> held.add(spec.path() + " " + r.get("source_partition") + "@" + r.get("source_offset")));
    }
    held.sort(null);
    return held;
  }

  /** What the fixture produced twice must leave: each offset once, usable records in bronze, the rest quarantined. */
  private static List<String> twiceTheFixture() {
    List<String> expected = new ArrayList<>();
    for (int offset = 0; offset < 30; offset++) {
      expected.add("bronze/transactions 0@" + offset);
    }
    for (int partition = 1; partition <= 2; partition++) {
      for (int offset = 0; offset < 2; offset++) {
        expected.add("quarantine/transactions " + partition + "@" + offset);
      }
    }
    expected.sort(null);
    return expected;
  }

  @Test
  public void crashAfterAnyCommitWithNewRecordsBeforeTheRestartLosesAndDuplicatesNothing() throws Exception {
    for (String point : List.of("before-commit", "after-intent", "after-commit-1", "after-commit-2")) {
      setUp(); // a topic and warehouse of its own for each crash point
      produceFixture();
      CrashPoints.arm(point);
      try {
        assertThrows(CrashPoints.SimulatedCrash.class, () -> BronzeFromKafka.run(bronzeOptions()));
      } finally {
        CrashPoints.arm(null);
      }
      produceFixture(); // the source advances: a redo that re-planned would read a wider range

      RunReport restart = BronzeFromKafka.run(bronzeOptions());

      // Undecided, the crashed run is rolled back and its range read again; decided, it is finished as it was.
      assertEquals(point, point.equals("before-commit") ? 34 : 17, restart.count("records read"));
      assertEquals(point, twiceTheFixture(), offsetsHeld());
      assertEquals(point, 30, DeltaTable.at(warehouse, Tables.BRONZE).appVersion(BronzeFromKafka.progressId(topic, 0)));
    }
  }

  @Test
  public void continuousBronzeRidesOutABrokerRestart() throws Exception {
    BronzeFromKafka.Options options =
        PipelineOptionsFactory.fromArgs(args("--continuous", "--triggerInterval=500ms")).as(BronzeFromKafka.Options.class);
    TriggerLoop loop = TriggerLoop.forStage("bronze", options);
    Thread stage = new Thread(() -> loop.loop(() -> BronzeFromKafka.run(options)), "continuous-bronze");
    stage.start();
    try {
      produceFixture();
      awaitOffset(0, 15);

      kafka.stop();
      Await.until("the loop to notice the broker is down", java.time.Duration.ofSeconds(90), () -> loop.failedBatches() > 0);
      kafka.start();
      produceFixture(); // the same 17 records again, at new offsets: bronze ingests them once more, exactly once

      awaitOffset(0, 30);
      assertEquals(2, DeltaTable.at(warehouse, Tables.BRONZE).appVersion(BronzeFromKafka.progressId(topic, 1)));
      assertEquals(30, TableSnapshots.rows(warehouse, Tables.BRONZE).size());
    } finally {
      loop.stop();
      stage.join(TimeUnit.MINUTES.toMillis(2));
    }
  }

  /** Waits (bounded) until bronze's log records {@code next} as partition {@code p}'s next offset. */
  private void awaitOffset(int p, long next) {
    DeltaTable bronze = DeltaTable.at(warehouse, Tables.BRONZE);
    Await.until("bronze to commit offset " + next + " of partition " + p, java.time.Duration.ofSeconds(120),
        () -> bronze.appVersion(BronzeFromKafka.progressId(topic, p)) >= next);
    assertEquals(next, bronze.appVersion(BronzeFromKafka.progressId(topic, p)));
  }

  /** Runs bronze in its own JVM, halted like a SIGKILL at {@code crashAt}; returns its exit code. */
  private int runBronzeProcess(String crashAt) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("@" + projectRoot().resolve("runners-config/jvm.options"));
    if (crashAt != null) {
      command.add("-Dfinpipe.crashAt=" + crashAt);
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(BronzeFromKafka.class.getName());
    command.addAll(List.of(args()));
    Path log = tmp.getRoot().toPath().resolve("bronze-" + crashAt + ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("bronze process hung; log:\n" + Files.readString(log));
    }
    return process.exitValue();
  }

  private static Path projectRoot() {
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("runners-config/jvm.options"))) {
      dir = dir.getParent();
    }
    return dir;
  }
}
