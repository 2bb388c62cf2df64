package dev.finpipe.pipelines.silver;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.domain.Domain;
import dev.finpipe.domain.Domains;
import dev.finpipe.io.AvroValues;
import dev.finpipe.io.DataFile;
import dev.finpipe.io.TableSpec;
import dev.finpipe.pipelines.bronze.BronzeFromFiles;
import dev.finpipe.pipelines.common.RunReport;
import dev.finpipe.pipelines.common.TableSnapshots;
import dev.finpipe.pipelines.medallion.RunMedallion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Customers and accounts through bronze into their SCD2 history and current state, on the DirectRunner: versions
 * with valid_from / valid_to / is_current row for row (written out here by hand) after in-order, out-of-order,
 * duplicated and deleting changes; refusals in quarantine with their reasons; a re-delivered batch and a re-run
 * change nothing; a batch rewrites only the files of its entities' buckets.
 */
public class ChangesToHistoryTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private Path input;
  private Path config;
  private String warehouse;
  private List<String> runner = List.of("--runner=DirectRunner");

  @Before
  public void folders() throws IOException {
    input = tmp.newFolder("input").toPath();
    config = tmp.newFolder("domains").toPath();
    warehouse = tmp.newFolder("warehouse").getAbsolutePath();
  }

  private RunMedallion.Options options(String domain, String... more) {
    List<String> args = new java.util.ArrayList<>(runner);
    args.addAll(List.of("--warehouse=" + warehouse, "--domain=" + domain, "--domainConfig=" + config,
        "--input=" + input + "/" + domain + "-*.jsonl"));
    args.addAll(List.of(more));
    return PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).as(RunMedallion.Options.class);
  }

  /** Writes {@code lines} as the input file {@code name}, then runs bronze and silver of {@code domain}. */
  private RunReport batch(String domain, String name, String... lines) throws IOException {
    Files.writeString(input.resolve(domain + "-" + name + ".jsonl"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    BronzeFromFiles.run(options(domain));
    return BronzeToSilver.run(options(domain));
  }

  private static String customer(String id, String segment, String updatedAt) {
    return "{\"customer_id\":\"" + id + "\",\"document_type\":\"DNI\",\"document_id\":\"4455\",\"full_name\":\"Ana\","
        + "\"segment\":\"" + segment + "\",\"status\":\"ACTIVE\",\"country\":\"PE\",\"updated_at\":\"" + updatedAt
        + "\",\"op\":\"UPSERT\"}";
  }

  private static String delete(String idField, String id, String updatedAt) {
    return "{\"" + idField + "\":\"" + id + "\",\"updated_at\":\"" + updatedAt + "\",\"op\":\"DELETE\"}";
  }

  /** Each row as {@code id segment-or-type valid_from..valid_to current}, sorted. */
  private Set<String> rows(TableSpec spec, String idColumn, String attribute) {
    Set<String> rows = new TreeSet<>();
    TableSnapshots.forEachRow(warehouse, spec, (bucket, r) -> rows.add(r.get(idColumn) + " " + r.get(attribute) + " "
        + AvroValues.timestamp(r, "valid_from") + ".." + AvroValues.timestampOrNull(r, "valid_to")
        + (Boolean.TRUE.equals(r.get("is_current")) ? " current" : "")));
    return rows;
  }

  private Set<String> quarantine(Domain<?> domain) {
    Set<String> rows = new TreeSet<>();
    TableSnapshots.forEachRow(warehouse, domain.quarantine(),
        (date, r) -> rows.add(r.get(domain.idColumn()) + " " + r.get("stage") + " " + r.get("reasons")));
    return rows;
  }

  private Set<String> livePaths(TableSpec spec) {
    return DeltaTable.at(warehouse, spec).liveFiles(null).stream().map(DataFile::relativePath)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  public void customersHistoryFollowsUpdatedAtWhateverTheArrivalOrder() throws IOException {
    outOfOrderDuplicatedAndDeletingChanges();
    TableSpec history = Domains.CUSTOMERS.silver();

    // A batch of a third customer only: the other customers' files stay as they are.
    Set<String> touched = livePaths(history);
    batch("customers", "3", customer("U-000777", "SME", "2026-11-21T00:00:00Z"));
    assertTrue(dev.finpipe.io.VersionRows.bucketOf("U-000777") + " is not the bucket of U-000001 or U-000002",
        !Set.of(dev.finpipe.io.VersionRows.bucketOf("U-000001"), dev.finpipe.io.VersionRows.bucketOf("U-000002"))
            .contains(dev.finpipe.io.VersionRows.bucketOf("U-000777")));
    assertTrue("untouched entities' files are kept", livePaths(history).containsAll(touched));

    // The first batch delivered again (a new file): every change is a duplicate, no version changes.
    Set<String> historyBefore = rows(history, "customer_id", "segment");
    RunReport again = batch("customers", "4",
        customer("U-000001", "RETAIL", "2026-11-01T10:00:00Z"),
        customer("U-000001", "PREMIUM", "2026-11-20T10:00:00Z"),
        delete("customer_id", "U-000002", "2026-11-15T00:00:00Z"));
    assertEquals(3, again.count("duplicate changes"));
    assertEquals(0, again.count("entities changed"));
    assertEquals(historyBefore, rows(history, "customer_id", "segment"));

    // Nothing new in bronze: nothing committed.
    long version = DeltaTable.at(warehouse, history).version();
    BronzeToSilver.run(options("customers"));
    assertEquals(version, DeltaTable.at(warehouse, history).version());
  }

  @Test
  public void theSparkRunnerKeepsTheSameHistory() throws IOException {
    runner = List.of("--runner=SparkRunner", "--sparkMaster=local[2]", "--enableSparkMetricSinks=false");
    outOfOrderDuplicatedAndDeletingChanges();
  }

  /** Two batches: changes out of order, duplicated, deleting, re-creating, invalid; the tables after each. */
  private void outOfOrderDuplicatedAndDeletingChanges() throws IOException {
    Domain<?> customers = Domains.CUSTOMERS;
    TableSpec history = customers.silver();
    TableSpec current = customers.current().orElseThrow();

    RunReport first = batch("customers", "1",
        customer("U-000001", "RETAIL", "2026-11-01T10:00:00Z"),
        customer("U-000001", "PREMIUM", "2026-11-20T10:00:00Z"),
        customer("U-000001", "SME", "2026-11-10T10:00:00Z"), // arrives after a later change
        customer("U-000001", "PREMIUM", "2026-11-20T10:00:00Z"), // the same change twice
        customer("U-000002", "CORPORATE", "2026-11-02T10:00:00Z"),
        delete("customer_id", "U-000002", "2026-11-15T00:00:00Z"),
        customer("U-000003", "GOLD", "2026-11-02T10:00:00Z"),
        "{\"customer_id\":\"U-000004\",\"updated_at\":\"2026-11-02T10:00:00Z\",\"op\":\"UPSERT\"}",
        "not json");
    assertEquals(Set.of(
            "U-000001 RETAIL 2026-11-01T10:00:00.000Z..2026-11-10T10:00:00.000Z",
            "U-000001 SME 2026-11-10T10:00:00.000Z..2026-11-20T10:00:00.000Z",
            "U-000001 PREMIUM 2026-11-20T10:00:00.000Z..null current",
            "U-000002 CORPORATE 2026-11-02T10:00:00.000Z..2026-11-15T00:00:00.000Z"),
        rows(history, "customer_id", "segment"));
    assertEquals(Set.of("U-000001 PREMIUM 2026-11-20T10:00:00.000Z..null current"),
        rows(current, "customer_id", "segment"));
    assertEquals(Set.of("U-000003 VALIDATE segment_known", "U-000004 PARSE MISSING_FIELD", "null PARSE MALFORMED_JSON"),
        quarantine(customers));
    assertEquals(9, first.count("records read"));
    assertEquals(5, first.count("changes applied"));
    assertEquals(1, first.count("duplicate changes"));
    assertEquals(1, first.count("rule segment_known failed"));

    // An older delete closes U-000001's first version early; U-000002 comes back; one change is re-delivered.
    Set<String> before = livePaths(history);
    batch("customers", "2",
        customer("U-000001", "SME", "2026-11-10T10:00:00Z"),
        customer("U-000002", "RETAIL", "2026-11-25T10:00:00Z"),
        delete("customer_id", "U-000001", "2026-11-05T00:00:00Z"));
    assertEquals(Set.of(
            "U-000001 RETAIL 2026-11-01T10:00:00.000Z..2026-11-05T00:00:00.000Z",
            "U-000001 SME 2026-11-10T10:00:00.000Z..2026-11-20T10:00:00.000Z",
            "U-000001 PREMIUM 2026-11-20T10:00:00.000Z..null current",
            "U-000002 CORPORATE 2026-11-02T10:00:00.000Z..2026-11-15T00:00:00.000Z",
            "U-000002 RETAIL 2026-11-25T10:00:00.000Z..null current"),
        rows(history, "customer_id", "segment"));
    assertEquals(Set.of("U-000001 PREMIUM 2026-11-20T10:00:00.000Z..null current",
            "U-000002 RETAIL 2026-11-25T10:00:00.000Z..null current"),
        rows(current, "customer_id", "segment"));
    assertFalse("the files of the batch's entities were rewritten", livePaths(history).containsAll(before));
  }

  @Test
  public void accountsKeepTheirOwnRulesAndHistory() throws IOException {
    Domain<?> accounts = Domains.ACCOUNTS;
    batch("accounts", "1",
        "{\"account_id\":\"ACC-000001\",\"customer_id\":\"U-000001\",\"account_type\":\"SAVINGS\",\"currency\":\"PEN\","
            + "\"status\":\"ACTIVE\",\"opened_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\"2026-11-01T00:00:00Z\",\"op\":\"UPSERT\"}",
        "{\"account_id\":\"ACC-000001\",\"customer_id\":\"U-000001\",\"account_type\":\"CHECKING\",\"currency\":\"PEN\","
            + "\"status\":\"ACTIVE\",\"opened_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\"2026-11-12T00:00:00Z\",\"op\":\"UPSERT\"}",
        "{\"account_id\":\"ACC-000002\",\"customer_id\":\"U-000001\",\"account_type\":\"LOAN\",\"currency\":\"XXX1\","
            + "\"status\":\"ACTIVE\",\"opened_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\"2026-11-01T00:00:00Z\",\"op\":\"UPSERT\"}",
        delete("account_id", "ACC-000001", "2026-11-30T00:00:00Z"));
    assertEquals(Set.of(
            "ACC-000001 SAVINGS 2026-11-01T00:00:00.000Z..2026-11-12T00:00:00.000Z",
            "ACC-000001 CHECKING 2026-11-12T00:00:00.000Z..2026-11-30T00:00:00.000Z"),
        rows(accounts.silver(), "account_id", "account_type"));
    assertEquals(Set.of(), rows(accounts.current().orElseThrow(), "account_id", "account_type"));
    assertEquals(Set.of("ACC-000002 VALIDATE currency_iso4217"), quarantine(accounts));
  }

  @Test
  public void aTransactionsRuleOverrideIsRefusedForCustomersBeforeAnyWork() throws IOException {
    Files.writeString(input.resolve("customers-1.jsonl"), customer("U-000001", "RETAIL", "2026-11-01T10:00:00Z") + "\n");
    BronzeFromFiles.run(options("customers"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BronzeToSilver.run(options("customers", "--ruleActions=amount_max=FAIL")));
    assertTrue(e.getMessage(), e.getMessage().contains("unknown rule \"amount_max\"")
        && e.getMessage().contains("segment_known"));
    assertFalse(DeltaTable.at(warehouse, Domains.CUSTOMERS.silver()).exists());
  }

  @Test
  public void aChangeDomainsFileRefusesEventSettings() throws IOException {
    Files.writeString(config.resolve("customers.yaml"), "dedupeWindow: 1d\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BronzeToSilver.run(options("customers")));
    assertTrue(e.getMessage(), e.getMessage().contains("customers.yaml: dedupeWindow applies to event domains only"));
    Files.writeString(config.resolve("customers.yaml"), "inptu: x\n");
    e = assertThrows(IllegalArgumentException.class, () -> BronzeToSilver.run(options("customers")));
    assertTrue(e.getMessage(), e.getMessage().contains("unknown key \"inptu\"; keys are input, topic"));
  }

}
