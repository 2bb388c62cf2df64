package dev.finpipe.pipelines.generate;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.Test;

public class ChangeGeneratorTest {
  private static final Instant END = Instant.parse("2026-11-20T00:00:00Z");
  private static final int DAYS = 3;
  private static final Instant WINDOW_START = END.minus(Duration.ofDays(DAYS));
  private static final int USERS = 400;

  /** A valid change as the contract reads it. */
  private record Change(String id, Instant updatedAt, String op, JsonNode node) {}

  private static GeneratorSettings.Builder settings() {
    return GeneratorSettings.builder().setCount(0).setSeed(17).setUsers(USERS).setDays(DAYS).setEnd(END)
        .setDuplicateRate(0.04).setInvalidRate(0.06);
  }

  private static List<String> lines(GeneratorSettings settings, GeneratedDomain domain) {
    return drain(ChangeGenerator.create(settings, domain));
  }

  /** The generator's remaining lines (its stats then count them all). */
  private static List<String> drain(ChangeGenerator generator) {
    List<String> lines = new ArrayList<>();
    generator.forEachRemaining(lines::add);
    return lines;
  }

  private static String idField(GeneratedDomain domain) {
    return domain == GeneratedDomain.CUSTOMERS ? "customer_id" : "account_id";
  }

  /** The lines that keep the contract, parsed, in arrival order (duplicates included). */
  private static List<Change> validChanges(GeneratedDomain domain, List<String> lines) {
    List<Change> changes = new ArrayList<>();
    for (String line : lines) {
      if (ChangeContractCheck.brokenRules(domain, line, END).isEmpty()) {
        JsonNode node = ChangeContractCheck.parse(line);
        changes.add(new Change(node.get(idField(domain)).asText(),
            ContractCheck.eventTime(node.get("updated_at")), node.get("op").asText(), node));
      }
    }
    return changes;
  }

  /** Each entity's distinct changes in updated_at order. */
  private static Map<String, List<Change>> histories(List<Change> changes) {
    Map<String, Map<Instant, Change>> byEntity = new HashMap<>();
    for (Change change : changes) {
      byEntity.computeIfAbsent(change.id(), id -> new HashMap<>()).put(change.updatedAt(), change);
    }
    Map<String, List<Change>> histories = new HashMap<>();
    byEntity.forEach((id, byTime) -> histories.put(id, byTime.values().stream()
        .sorted(Comparator.comparing(Change::updatedAt)).collect(Collectors.toList())));
    return histories;
  }

  @Test
  public void sameSettingsGiveTheSameLinesAndAnotherSeedOthers() {
    for (GeneratedDomain domain : List.of(GeneratedDomain.CUSTOMERS, GeneratedDomain.ACCOUNTS)) {
      List<String> first = lines(settings().build(), domain);
      assertEquals(domain.id(), first, lines(settings().build(), domain));
      assertNotEquals(domain.id(), first, lines(settings().setSeed(18).build(), domain));
    }
  }

  @Test
  public void customersAreExactlyTheUsersAndEveryAccountBelongsToOne() {
    Set<String> expectedUsers = IntStream.rangeClosed(1, USERS).mapToObj(i -> String.format("U-%06d", i))
        .collect(Collectors.toSet());
    Set<String> customers = validChanges(GeneratedDomain.CUSTOMERS, lines(settings().build(),
        GeneratedDomain.CUSTOMERS)).stream().map(Change::id).collect(Collectors.toSet());
    assertEquals(expectedUsers, customers);

    List<Change> accounts = validChanges(GeneratedDomain.ACCOUNTS, lines(settings().build(), GeneratedDomain.ACCOUNTS));
    Map<String, String> ownerOf = new HashMap<>();
    for (Change change : accounts) {
      if (change.op().equals("UPSERT")) {
        String owner = change.node().get("customer_id").asText();
        assertEquals("one owner per account", owner, ownerOf.computeIfAbsent(change.id(), id -> owner));
      }
    }
    assertTrue(customers.containsAll(ownerOf.values()));
    assertEquals("every user holds an account", customers, new HashSet<>(ownerOf.values()));
    // Accounts are numbered without gaps from ACC-000001.
    assertEquals(IntStream.rangeClosed(1, ownerOf.size()).mapToObj(i -> String.format("ACC-%06d", i))
        .collect(Collectors.toSet()), ownerOf.keySet());
  }

  @Test
  public void transactionsOfTheSameSeedReferenceGeneratedAccountsOfTheirUser() {
    GeneratorSettings settings = settings().setCount(20_000).setLateRate(0.02).build();
    Map<String, String> ownerOf = new HashMap<>();
    Map<String, String> currencyOf = new HashMap<>();
    for (Change change : validChanges(GeneratedDomain.ACCOUNTS, lines(settings, GeneratedDomain.ACCOUNTS))) {
      if (change.op().equals("UPSERT")) {
        ownerOf.put(change.id(), change.node().get("customer_id").asText());
        currencyOf.put(change.id(), change.node().get("currency").asText());
      }
    }
    Set<String> customers = validChanges(GeneratedDomain.CUSTOMERS, lines(settings, GeneratedDomain.CUSTOMERS))
        .stream().map(Change::id).collect(Collectors.toSet());

    int checked = 0;
    TransactionGenerator transactions = TransactionGenerator.create(settings);
    while (transactions.hasNext()) {
      String line = transactions.next();
      if (!ContractCheck.brokenRules(line, END).isEmpty()) {
        continue;
      }
      JsonNode node = ChangeContractCheck.parse(line);
      String account = node.get("account_id").asText();
      assertTrue(line, ownerOf.containsKey(account));
      assertEquals(line, ownerOf.get(account), node.get("user_id").asText());
      assertEquals(line, currencyOf.get(account), node.get("currency").asText());
      assertTrue(line, customers.contains(node.get("user_id").asText()));
      checked++;
    }
    assertThat(checked, greaterThan(18_000));
  }

  @Test
  public void everyEntityStartsWithAnUpsertBeforeTheWindowAndChangesOnlyWithinIt() {
    Instant latestLateTransaction = WINDOW_START.minus(Duration.ofDays(6));
    for (GeneratedDomain domain : List.of(GeneratedDomain.CUSTOMERS, GeneratedDomain.ACCOUNTS)) {
      Map<String, List<Change>> histories = histories(validChanges(domain, lines(settings().build(), domain)));
      histories.forEach((id, history) -> {
        Change first = history.get(0);
        assertEquals(id, "UPSERT", first.op());
        assertThat(id, first.updatedAt(), lessThan(latestLateTransaction));
        for (Change later : history.subList(1, history.size())) {
          assertThat(id, later.updatedAt(), not(lessThan(WINDOW_START)));
          assertThat(id, later.updatedAt(), lessThan(END));
        }
      });
    }
  }

  @Test
  public void accountsOpenAfterTheirOwnerExistsAndKeepTheirOpeningUntilRecreated() {
    Map<String, Instant> customerCreated = new HashMap<>();
    histories(validChanges(GeneratedDomain.CUSTOMERS, lines(settings().build(), GeneratedDomain.CUSTOMERS)))
        .forEach((id, history) -> customerCreated.put(id, history.get(0).updatedAt()));
    histories(validChanges(GeneratedDomain.ACCOUNTS, lines(settings().build(), GeneratedDomain.ACCOUNTS)))
        .forEach((id, history) -> {
          Change first = history.get(0);
          Instant opened = ChangeContractCheck.isoInstant(first.node().get("opened_at"));
          assertEquals(id, first.updatedAt(), opened);
          assertThat(id, opened, not(lessThan(customerCreated.get(first.node().get("customer_id").asText()))));
          for (int i = 1; i < history.size(); i++) {
            Change change = history.get(i);
            if (change.op().equals("UPSERT")) {
              Instant expected = history.get(i - 1).op().equals("DELETE") ? change.updatedAt() : opened;
              opened = ChangeContractCheck.isoInstant(change.node().get("opened_at"));
              assertEquals(id, expected, opened);
            }
          }
        });
  }

  @Test
  public void someEntitiesAreDeletedAndSomeOfThoseRecreated() {
    for (GeneratedDomain domain : List.of(GeneratedDomain.CUSTOMERS, GeneratedDomain.ACCOUNTS)) {
      List<Change> changes = validChanges(domain, lines(settings().build(), domain));
      List<Change> deletes = changes.stream().filter(c -> c.op().equals("DELETE")).collect(Collectors.toList());
      assertThat(domain.id(), deletes, not(empty()));
      for (Change delete : deletes) {
        List<String> names = new ArrayList<>();
        delete.node().fieldNames().forEachRemaining(names::add);
        assertEquals(List.of(idField(domain), "updated_at", "op"), names);
      }
      long recreated = histories(changes).values().stream()
          .filter(history -> IntStream.range(1, history.size()).anyMatch(i ->
              history.get(i - 1).op().equals("DELETE") && history.get(i).op().equals("UPSERT")))
          .count();
      assertThat(domain.id(), recreated, greaterThan(0L));
      // Never two DELETEs in a row: a deleted entity changes again only by being re-created.
      histories(changes).forEach((id, history) -> IntStream.range(1, history.size()).forEach(i ->
          assertTrue(id, !(history.get(i - 1).op().equals("DELETE") && history.get(i).op().equals("DELETE")))));
    }
  }

  @Test
  public void changesArriveOutOfOrderAndTheStatsCountThem() {
    for (GeneratedDomain domain : List.of(GeneratedDomain.CUSTOMERS, GeneratedDomain.ACCOUNTS)) {
      ChangeGenerator generator = ChangeGenerator.create(settings().build(), domain);
      List<String> lines = drain(generator);

      List<Change> arrivals = validChanges(domain, lines);
      assertEquals(domain.id(), outOfOrder(arrivals), generator.stats().outOfOrder());
      // Not only the copies: first arrivals too come after a later change of their entity.
      Set<String> seenLines = new HashSet<>();
      List<Change> firstArrivals = arrivals.stream().filter(c -> seenLines.add(c.node().toString()))
          .collect(Collectors.toList());
      assertThat(domain.id(), outOfOrder(firstArrivals), greaterThan(10L));
    }
  }

  /** Changes that arrive after a later change of their entity. */
  private static long outOfOrder(List<Change> arrivals) {
    Map<String, Instant> latest = new HashMap<>();
    long outOfOrder = 0;
    for (Change change : arrivals) {
      Instant seen = latest.get(change.id());
      if (seen != null && change.updatedAt().isBefore(seen)) {
        outOfOrder++;
      } else {
        latest.put(change.id(), change.updatedAt());
      }
    }
    return outOfOrder;
  }

  @Test
  public void duplicatesAndBadRecordsAreTheSharesAskedForEachBadRecordBreakingOneRule() {
    for (GeneratedDomain domain : List.of(GeneratedDomain.CUSTOMERS, GeneratedDomain.ACCOUNTS)) {
      ChangeGenerator generator = ChangeGenerator.create(settings().build(), domain);
      List<String> lines = drain(generator);

      Map<String, Integer> validCopies = new LinkedHashMap<>();
      Map<String, Long> brokenByRule = new HashMap<>();
      long invalid = 0;
      for (String line : lines) {
        List<String> broken = ChangeContractCheck.brokenRules(domain, line, END);
        if (broken.isEmpty()) {
          validCopies.merge(line, 1, Integer::sum);
        } else {
          assertThat(line, broken, hasSize(1));
          invalid++;
          String rule = broken.get(0).startsWith("missing_") ? "missing_" : broken.get(0);
          brokenByRule.merge(rule, 1L, Long::sum);
        }
      }
      long distinct = validCopies.size();
      long duplicates = validCopies.values().stream().mapToLong(n -> n - 1).sum();
      // Shares of all lines: the distinct changes are the remaining 90%.
      assertEquals(domain.id(), Math.round(distinct * 0.04 / 0.90), duplicates);
      assertEquals(domain.id(), Math.round(distinct * 0.06 / 0.90), invalid);
      assertThat((double) duplicates / lines.size(), closeTo(0.04, 0.002));
      assertThat((double) invalid / lines.size(), closeTo(0.06, 0.002));

      GeneratorStats stats = generator.stats();
      assertEquals(lines.size(), stats.lines());
      assertEquals(distinct, stats.count(LineKind.VALID));
      assertEquals(duplicates, stats.count(LineKind.DUPLICATE));
      assertEquals(invalid, stats.count(LineKind.INVALID));
      Map<String, Long> expectedByRule = new HashMap<>();
      Map<InvalidKind, Long> expectedKinds = new EnumMap<>(InvalidKind.class);
      for (InvalidKind kind : domain.invalidKinds()) {
        assertThat(domain.id() + " " + kind, stats.count(kind), greaterThan(0L));
        expectedByRule.merge(ChangeContractCheck.ruleOf(domain, kind), stats.count(kind), Long::sum);
        expectedKinds.put(kind, stats.count(kind));
      }
      assertEquals(domain.id(), expectedByRule, brokenByRule);
      assertEquals(domain.id(), invalid, expectedKinds.values().stream().mapToLong(n -> n).sum());
    }
  }

  @Test
  public void missingFieldRecordsLeaveOutEachFieldInTurn() {
    for (GeneratedDomain domain : List.of(GeneratedDomain.CUSTOMERS, GeneratedDomain.ACCOUNTS)) {
      Set<String> missing = new TreeSet<>();
      for (String line : lines(settings().setInvalidRate(0.3).build(), domain)) {
        List<String> broken = ChangeContractCheck.brokenRules(domain, line, END);
        if (broken.size() == 1 && broken.get(0).startsWith("missing_")) {
          missing.add(broken.get(0).substring("missing_".length()));
        }
      }
      assertEquals(domain.id(), new TreeSet<>(ChangeContractCheck.fields(domain)), missing);
    }
  }

  @Test
  public void validUpsertsHoldTheContractsFieldsInOrderSomeWithAnExtraOne() {
    for (GeneratedDomain domain : List.of(GeneratedDomain.CUSTOMERS, GeneratedDomain.ACCOUNTS)) {
      ChangeGenerator generator = ChangeGenerator.create(settings().setUsers(3_000).build(), domain);
      List<String> lines = drain(generator);
      List<String> contract = ChangeContractCheck.fields(domain);
      Set<String> withExtraField = new HashSet<>();
      for (Change change : validChanges(domain, lines)) {
        if (change.op().equals("UPSERT")) {
          List<String> names = new ArrayList<>();
          change.node().fieldNames().forEachRemaining(names::add);
          assertThat(change.node().toString(), names.subList(0, contract.size()), contains(contract.toArray()));
          assertThat(change.node().toString(), names.size(), lessThan(contract.size() + 2));
          if (names.size() > contract.size()) {
            withExtraField.add(change.node().toString());
          }
        }
      }
      assertThat(domain.id(), (long) withExtraField.size(), greaterThan(0L));
      assertEquals(domain.id(), generator.stats().extraFields(), withExtraField.size());
    }
  }

  @Test
  public void aCountStopsAfterThatManyLines() {
    List<String> all = lines(settings().build(), GeneratedDomain.CUSTOMERS);
    List<String> first = lines(settings().setCount(100).build(), GeneratedDomain.CUSTOMERS);
    assertEquals(all.subList(0, 100), first);
  }

  @Test
  public void transactionsAndRatesLeavingNoChangesAreRefused() {
    IllegalArgumentException transactions = org.junit.Assert.assertThrows(IllegalArgumentException.class,
        () -> ChangeGenerator.create(settings().build(), GeneratedDomain.TRANSACTIONS));
    assertThat(transactions.getMessage(), startsWith("transactions are written by TransactionGenerator"));
    IllegalArgumentException rates = org.junit.Assert.assertThrows(IllegalArgumentException.class,
        () -> ChangeGenerator.create(settings().setDuplicateRate(0.5).setInvalidRate(0.5).build(),
            GeneratedDomain.ACCOUNTS));
    assertThat(rates.getMessage(), startsWith("--duplicateRate + --invalidRate is 1.0; expected below 1"));
  }
}
