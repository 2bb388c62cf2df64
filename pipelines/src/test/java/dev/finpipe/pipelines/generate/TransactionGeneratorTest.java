package dev.finpipe.pipelines.generate;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.Test;

public class TransactionGeneratorTest {
  private static final Instant END = Instant.parse("2026-11-20T00:00:00Z");
  private static final Instant WINDOW_START = END.minus(Duration.ofDays(3));

  /** One generated line and what the generator meant it to be. */
  private record Line(String text, LineKind kind, InvalidKind invalidKind) {}

  private static GeneratorSettings.Builder settings(long count) {
    return GeneratorSettings.builder().setCount(count).setEnd(END);
  }

  private static List<Line> generate(GeneratorSettings settings) {
    TransactionGenerator generator = TransactionGenerator.create(settings);
    List<Line> lines = new ArrayList<>();
    while (generator.hasNext()) {
      String text = generator.next();
      lines.add(new Line(text, generator.lastKind(), generator.lastInvalidKind()));
    }
    return lines;
  }

  private static List<String> texts(List<Line> lines) {
    return lines.stream().map(Line::text).collect(Collectors.toList());
  }

  private static JsonNode json(String line) throws Exception {
    return ContractCheck.MAPPER.readTree(line);
  }

  @Test
  public void sameSeedGivesIdenticalLines() {
    GeneratorSettings settings = settings(5_000).setSeed(7).setInvalidRate(0.05).setLateRate(0.02).build();

    List<String> first = texts(generate(settings));

    assertThat(first, hasSize(5_000));
    assertEquals(first, texts(generate(settings)));
    assertThat(texts(generate(settings.toBuilder().setSeed(8).build())), is(not(first)));
  }

  @Test
  public void ratesAreHonouredOnTenThousandLines() {
    // Each line is a duplicate, invalid or late with these probabilities, independently: a count is binomial, with a
    // standard deviation of sqrt(10,000 x 0.05 x 0.95) = 22 lines. 110 lines (5 sd, 1.1 points) can only be
    // exceeded by a bug, never by chance; the seed is fixed anyway, so the test cannot flake.
    GeneratorSettings settings = settings(10_000)
        .setDuplicateRate(0.05).setInvalidRate(0.05).setLateRate(0.05).setOutOfOrderRate(0.05).build();
    TransactionGenerator generator = TransactionGenerator.create(settings);
    List<String> lines = generator.stream().collect(Collectors.toList());
    GeneratorStats stats = generator.stats();

    assertThat(lines, hasSize(10_000));
    assertEquals(10_000, stats.lines());
    for (LineKind kind : List.of(LineKind.DUPLICATE, LineKind.INVALID, LineKind.LATE)) {
      assertThat(kind + " lines", (double) stats.count(kind), closeTo(500, 110));
    }
    assertThat("out-of-order swaps", (double) stats.outOfOrder(), closeTo(0.05 * (10_000 - 500), 110));
    assertThat("valid lines with an extra field", (double) stats.extraFields(), closeTo(0.01 * 8_500, 45));
  }

  @Test
  public void everyLineIsWhatTheGeneratorSaysItIs() throws Exception {
    List<Line> lines = generate(settings(10_000)
        .setDuplicateRate(0.05).setInvalidRate(0.05).setLateRate(0.05).setOutOfOrderRate(0.05).build());
    Set<String> seen = new HashSet<>();
    Map<LineKind, Integer> counted = new EnumMap<>(LineKind.class);

    for (Line line : lines) {
      List<String> broken = ContractCheck.brokenRules(line.text(), END);
      if (line.kind() == LineKind.INVALID) {
        assertThat(line.text(), broken, contains(startsWith(ContractCheck.ruleOf(line.invalidKind()))));
      } else {
        assertThat(line.text(), broken, is(empty()));
        Instant eventTime = ContractCheck.eventTime(json(line.text()).get("event_time"));
        if (line.kind() == LineKind.LATE) {
          assertThat(line.text(), eventTime, allOf(greaterThanOrEqualTo(WINDOW_START.minus(Duration.ofDays(6))),
              lessThanOrEqualTo(WINDOW_START.minus(Duration.ofDays(3)))));
        } else {
          assertThat(line.text(), eventTime, allOf(greaterThanOrEqualTo(WINDOW_START), lessThan(END)));
        }
      }
      if (line.kind() != LineKind.INVALID) { // bad records may coincide: blank lines, short torn ones
        assertEquals(line.text(), line.kind() == LineKind.DUPLICATE, !seen.add(line.text()));
      }
      counted.merge(line.kind(), 1, Integer::sum);
    }
    assertThat(counted.keySet(), contains(LineKind.values()));
  }

  @Test
  public void everyInvalidKindAppearsWhenThereAreEnoughBadRecords() {
    TransactionGenerator generator = TransactionGenerator.create(settings(2_000).setInvalidRate(0.05).build());
    generator.forEachRemaining(line -> {});

    Map<InvalidKind, Long> byKind = generator.stats().invalidByKind();
    for (InvalidKind kind : GeneratedDomain.TRANSACTIONS.invalidKinds()) {
      assertThat(kind.name(), byKind.get(kind), greaterThan(0L));
    }
    assertEquals(generator.stats().count(LineKind.INVALID), byKind.values().stream().mapToLong(n -> n).sum());
  }

  @Test
  public void missingFieldRecordsLeaveOutEachRequiredFieldInTurn() {
    List<Line> lines = generate(settings(5_000).setInvalidRate(0.2).build());

    Set<String> missing = lines.stream()
        .filter(line -> line.invalidKind() == InvalidKind.MISSING_REQUIRED_FIELD)
        .map(line -> ContractCheck.brokenRules(line.text(), END).get(0))
        .collect(Collectors.toSet());

    assertEquals(ContractCheck.REQUIRED.stream().map(f -> "missing_" + f).collect(Collectors.toSet()), missing);
  }

  @Test
  public void validLinesHaveEveryFieldOfTheContractWithPlausibleValues() throws Exception {
    List<Line> lines = generate(settings(20_000).setDuplicateRate(0).setInvalidRate(0).build());
    Map<String, Integer> byCurrency = new HashMap<>();
    int stringAmounts = 0;
    int epochMillisTimes = 0;

    for (Line line : lines) {
      JsonNode node = json(line.text());
      for (String field : ContractCheck.REQUIRED) {
        assertThat(field + " in " + line.text(), node.hasNonNull(field), is(true));
      }
      assertThat(line.text(), node.get("account_id").asText(), matchesPattern("ACC-\\d{6}"));
      assertThat(line.text(), node.get("user_id").asText(), matchesPattern("U-\\d{6}"));
      assertThat(line.text(), node.hasNonNull("channel") && node.hasNonNull("country"), is(true));
      String currency = node.get("currency").asText();
      assertEquals(line.text(), (int) ContractCheck.MINOR_UNITS.get(currency),
          ContractCheck.amount(node.get("amount")).scale());
      byCurrency.merge(currency, 1, Integer::sum);
      stringAmounts += node.get("amount").isTextual() ? 1 : 0;
      epochMillisTimes += node.get("event_time").isNumber() ? 1 : 0;
    }

    assertThat(byCurrency.keySet(), is(ContractCheck.MINOR_UNITS.keySet()));
    assertThat("PEN is the majority", byCurrency.get("PEN"), greaterThan(lines.size() / 2));
    assertThat((double) stringAmounts / lines.size(), closeTo(0.7, 0.05));
    assertThat((double) epochMillisTimes / lines.size(), closeTo(0.03, 0.01));
  }

  @Test
  public void eventTimesRiseThroughTheWindowExceptSwappedNeighbours() throws Exception {
    GeneratorSettings settings = settings(10_000).setDuplicateRate(0).setInvalidRate(0).build();
    TransactionGenerator generator = TransactionGenerator.create(settings);
    List<Instant> times = new ArrayList<>();
    for (String line : (Iterable<String>) () -> generator) {
      times.add(ContractCheck.eventTime(json(line).get("event_time")));
    }

    int descents = 0;
    for (int i = 1; i < times.size(); i++) {
      descents += times.get(i).isBefore(times.get(i - 1)) ? 1 : 0;
    }
    // A swap with the next event makes one descent, with one further away two.
    long swaps = generator.stats().outOfOrder();
    assertThat(swaps, greaterThan(0L));
    assertThat((long) descents, allOf(greaterThanOrEqualTo(swaps / 2), lessThanOrEqualTo(2 * swaps)));
    assertThat(times.get(0), lessThan(WINDOW_START.plus(Duration.ofHours(1))));
    assertThat(times.get(times.size() - 1), greaterThan(END.minus(Duration.ofHours(1))));
  }

  @Test
  public void unboundedRunStampsEventsWithTheClock() throws Exception {
    Instant now = Instant.parse("2026-11-22T12:00:00Z");
    TransactionGenerator generator = TransactionGenerator.create(GeneratorSettings.builder()
        .setCount(0).setInvalidRate(0).setClock(Clock.fixed(now, ZoneOffset.UTC)).build());

    for (int i = 0; i < 1_000; i++) {
      assertThat(generator.hasNext(), is(true));
      Instant eventTime = ContractCheck.eventTime(json(generator.next()).get("event_time"));
      assertThat(eventTime, allOf(greaterThan(now.minusSeconds(2)), lessThanOrEqualTo(now)));
    }
    assertEquals(now, generator.settings().end());
  }

  @Test
  public void jsonStringsAreEscaped() throws Exception {
    String nasty = "Pollería \"El Rey\" \\ C:\\path\n\r\t\b\f\u0001\u001f end ü 日本 😀 </script>";
    StringBuilder sb = new StringBuilder();
    JsonText.appendString(sb, nasty);

    assertEquals(nasty, json(sb.toString()).asText());
    assertEquals("\"a\\\"b\\\\c\\n\\u0001\"", JsonText.quote("a\"b\\c\n\u0001"));
  }

  @Test
  public void merchantNamesNeedingEscapesSurviveARoundTrip() throws Exception {
    Set<String> merchants = new HashSet<>();
    for (Line line : generate(settings(20_000).setInvalidRate(0).build())) {
      JsonNode merchant = json(line.text()).get("merchant");
      if (merchant != null) {
        merchants.add(merchant.asText());
      }
    }

    assertThat(merchants, hasItems("Pollería \"El Rey\"", "Trader Joe's", "ローソン"));
  }

  @Test
  public void settingsOutOfRangeNameTheirFlag() {
    assertRejected(settings(10).setDuplicateRate(1.5), "--duplicateRate");
    assertRejected(settings(10).setInvalidRate(-0.1), "--invalidRate");
    assertRejected(settings(10).setLateRate(2), "--lateRate");
    assertRejected(settings(10).setOutOfOrderRate(1.01), "--outOfOrderRate");
    assertRejected(settings(10).setUsers(0), "--users");
    assertRejected(settings(10).setDays(0), "--days");
    assertRejected(settings(-1), "--count");
    assertRejected(settings(10).setDuplicateRate(0.5).setInvalidRate(0.4).setLateRate(0.2), "--lateRate");
  }

  private static void assertRejected(GeneratorSettings.Builder builder, String flag) {
    try {
      builder.build();
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage(), containsString(flag));
      return;
    }
    throw new AssertionError("expected " + flag + " to be rejected");
  }

  @Test
  public void duplicatesAreExactCopiesOfEarlierValidLines() {
    List<Line> lines = generate(settings(3_000).setDuplicateRate(0.1).build());
    Set<String> validSoFar = new HashSet<>();

    for (Line line : lines) {
      if (line.kind() == LineKind.DUPLICATE) {
        assertThat(line.text(), validSoFar.contains(line.text()), is(true));
      } else if (line.kind() == LineKind.VALID) {
        validSoFar.add(line.text());
      }
    }
    assertThat(lines.stream().filter(l -> l.kind() == LineKind.DUPLICATE).count(), greaterThan(200L));
  }
}
