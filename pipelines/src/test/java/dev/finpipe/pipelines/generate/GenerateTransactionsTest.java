package dev.finpipe.pipelines.generate;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
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
import java.util.stream.Collectors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class GenerateTransactionsTest {
  private static final String END = "2026-11-20T00:00:00Z";

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return GenerateTransactions.execute(out, new PrintStream(err, true, StandardCharsets.UTF_8), args);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private static List<String> generatorLines(long count, long seed) {
    return TransactionGenerator.create(GeneratorSettings.builder()
            .setCount(count).setSeed(seed).setEnd(Instant.parse(END)).setInvalidRate(0.05).build())
        .stream().collect(Collectors.toList());
  }

  @Test
  public void partFilesHoldTheGeneratorsLinesInOrder() throws Exception {
    Path folder = tmp.getRoot().toPath().resolve("input");

    int exit = run("--count=1000", "--seed=3", "--end=" + END, "--invalidRate=0.05", "--output=" + folder,
        "--files=3");

    assertEquals(err(), 0, exit);
    List<String> written = new ArrayList<>();
    for (String part : List.of("part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl")) {
      written.addAll(Files.readAllLines(folder.resolve(part), StandardCharsets.UTF_8));
    }
    assertEquals(generatorLines(1000, 3), written);
    assertThat(err(), allOf(containsString("wrote 1000 lines"), containsString("invalid"),
        containsString("duplicates")));
  }

  @Test
  public void singleFileGetsItsParentFoldersCreated() throws Exception {
    Path file = tmp.getRoot().toPath().resolve("a/b/sample.jsonl");

    assertEquals(err(), 0, run("--count=50", "--end=" + END, "--invalidRate=0.05", "--output=" + file));

    assertEquals(generatorLines(50, 42), Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  @Test
  public void dashWritesToStdout() {
    assertEquals(err(), 0, run("--count=20", "--end=" + END, "--invalidRate=0.05", "--output=-"));

    String stdout = out.toString(StandardCharsets.UTF_8);
    assertEquals(generatorLines(20, 42), List.of(stdout.split("\n", -1)).subList(0, 20));
    assertThat(stdout.endsWith("\n"), is(true));
  }

  @Test
  public void badFlagsAreRejectedNamingTheFlagAndTheExpectedForm() {
    String output = "--output=" + tmp.getRoot().toPath().resolve("x.jsonl");
    assertRejected("--count", "is not a long", "--count=lots", output);
    assertRejected("--count", "expected a whole number >= 1", "--count=0", output);
    assertRejected("--duplicateRate", "between 0 and 1", "--duplicateRate=1.5", output);
    assertRejected("--invalidRate", "between 0 and 1", "--invalidRate=-0.1", output);
    assertRejected("--lateRate", "at most 1", "--duplicateRate=0.5", "--lateRate=0.6", output);
    assertRejected("--end", "2026-11-22T00:00:00Z", "--end=yesterday", output);
    assertRejected("--files", "between 1 and --count", "--files=0", output);
    assertRejected("--files", "needs a folder", "--files=2", "--output=-");
    assertRejected("--users", "expected a whole number >= 1", "--users=0", output);
    assertRejected("--days", "expected a whole number of days >= 1", "--days=0", output);
    assertRejected("--output", "Missing required option", "--count=5");
    assertRejected("--seed", "is not a long", "--seed=abc", output);
  }

  private void assertRejected(String flag, String expected, String... args) {
    err.reset();
    assertEquals(String.join(" ", args) + ": " + err(), 2, run(args));
    assertThat(err(), allOf(containsString(flag), containsString(expected)));
  }

  @Test
  public void progressIsReportedEveryMillionLinesOnlyForBigRuns() throws Exception {
    Path file = tmp.getRoot().toPath().resolve("big.jsonl");

    assertEquals(err(), 0, run("--count=1000000", "--end=" + END, "--output=" + file));

    assertThat(err().lines().filter(l -> l.contains("lines/s")).collect(Collectors.toList()),
        contains(containsString("1,000,000 / 1,000,000 lines (100%)"), containsString("wrote 1000000 lines")));
  }
}
