package dev.finpipe.pipelines.generate;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class GenerateChangesTest {
  private static final String END = "2026-11-20T00:00:00Z";

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return GenerateChanges.execute(out, new PrintStream(err, true, StandardCharsets.UTF_8), args);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private static List<String> generatorLines(GeneratedDomain domain, long seed, int users) {
    List<String> lines = new ArrayList<>();
    ChangeGenerator.create(GeneratorSettings.builder().setCount(0).setSeed(seed).setUsers(users)
        .setEnd(Instant.parse(END)).setInvalidRate(0.05).build(), domain).forEachRemaining(lines::add);
    return lines;
  }

  @Test
  public void fileHoldsTheGeneratorsLinesAndTheSummaryCountsThemByKind() throws Exception {
    Path file = tmp.getRoot().toPath().resolve("input/accounts/batch-3.jsonl");

    int exit = run("--domain=accounts", "--seed=3", "--users=300", "--end=" + END, "--invalidRate=0.05",
        "--output=" + file);

    assertEquals(err(), 0, exit);
    List<String> expected = generatorLines(GeneratedDomain.ACCOUNTS, 3, 300);
    assertEquals(expected, Files.readAllLines(file, StandardCharsets.UTF_8));
    ChangeGenerator counted = ChangeGenerator.create(GeneratorSettings.builder().setCount(0).setSeed(3)
        .setUsers(300).setEnd(Instant.parse(END)).setInvalidRate(0.05).build(), GeneratedDomain.ACCOUNTS);
    counted.forEachRemaining(line -> {});
    assertThat(err(), allOf(containsString("wrote " + expected.size() + " accounts change records to " + file),
        containsString(counted.stats().summary())));
    for (InvalidKind kind : GeneratedDomain.ACCOUNTS.invalidKinds()) {
      assertThat(err(), containsString(kind + " " + counted.stats().count(kind)));
    }
  }

  @Test
  public void dashWritesToStdoutAndTheDomainIsReadInAnyCase() {
    assertEquals(err(), 0, run("--domain=Customers", "--users=50", "--end=" + END, "--invalidRate=0.05",
        "--output=-"));

    String stdout = out.toString(StandardCharsets.UTF_8);
    assertEquals(generatorLines(GeneratedDomain.CUSTOMERS, 42, 50), List.of(stdout.split("\n")));
    assertThat(stdout.endsWith("\n"), is(true));
  }

  @Test
  public void badFlagsAreRejectedNamingTheFlagAndTheExpectedForm() throws Exception {
    String output = "--output=" + tmp.getRoot().toPath().resolve("x.jsonl");
    assertRejected("--domain", "Missing required option", output);
    assertRejected("--domain", "expected one of transactions, customers, accounts", "--domain=loans", output);
    assertRejected("--domain", "expected customers, accounts (GenerateTransactions writes transactions)",
        "--domain=transactions", output);
    assertRejected("--output", "Missing required option", "--domain=customers");
    assertRejected("--output", "expected a file", "--domain=customers", "--output=" + tmp.getRoot());
    assertRejected("--lateRate", "applies to transactions only", "--domain=customers", "--lateRate=0.1", output);
    assertRejected("--outOfOrderRate", "applies to transactions only", "--domain=accounts", "--outOfOrderRate=0",
        output);
    assertRejected("--duplicateRate + --invalidRate", "expected below 1 for change records", "--domain=accounts",
        "--duplicateRate=0.6", "--invalidRate=0.4", output);
    assertRejected("--invalidRate", "between 0 and 1", "--domain=accounts", "--invalidRate=2", output);
    assertRejected("--users", "expected a whole number >= 1", "--domain=customers", "--users=0", output);
    assertRejected("--end", "2026-11-22T00:00:00Z", "--domain=customers", "--end=yesterday", output);
    assertEquals("nothing written", List.of(), List.of(tmp.getRoot().list()));
  }

  private void assertRejected(String flag, String expected, String... args) {
    err.reset();
    assertEquals(String.join(" ", args) + ": " + err(), 2, run(args));
    assertThat(err(), allOf(containsString(flag), containsString(expected)));
  }
}
