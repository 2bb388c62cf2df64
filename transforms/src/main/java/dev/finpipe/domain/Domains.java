package dev.finpipe.domain;

import dev.finpipe.io.SilverRows;
import dev.finpipe.io.TableSpec;
import dev.finpipe.model.Transaction;
import dev.finpipe.parse.TransactionReader;
import dev.finpipe.validate.ValidationRules;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Every domain of the lakehouse, in dependency order (a domain's gold may join the domains before it). */
public final class Domains {
  static final String TRANSACTIONS_NAME = "transactions";

  public static final Domain<Transaction> TRANSACTIONS =
      Domain.builder(TRANSACTIONS_NAME, Domain.Kind.EVENTS, Transaction.class)
          .setReaders(TransactionReader::new)
          .setRules(ValidationRules.standard())
          .setIdColumn("transaction_id")
          .setEventTimeColumn("event_time")
          .setSilverRows(new SilverRows())
          .setPayloadDropper(Transaction::withoutPayload)
          .build();

  private static final List<Domain<?>> ALL = List.of(TRANSACTIONS);

  private Domains() {}

  /** Every domain, in dependency order. */
  public static List<Domain<?>> all() {
    return ALL;
  }

  /** The domain called {@code name}; an error naming the domains otherwise. */
  public static Domain<?> byName(String name) {
    return ALL.stream()
        .filter(d -> d.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("--domain=" + name + ": no such domain; domains are " + names()));
  }

  /**
   * The domains a comma-separated list names, in dependency order whatever the list's order; blank or {@code all}
   * means every domain.
   */
  public static List<Domain<?>> parse(String list) {
    if (list == null || list.isBlank() || list.trim().equals("all")) {
      return ALL;
    }
    List<String> named = new ArrayList<>();
    for (String name : list.split(",", -1)) {
      named.add(byName(name.trim()).name());
    }
    return ALL.stream().filter(d -> named.contains(d.name())).collect(Collectors.toList());
  }

  /** Every domain's bronze, silver and quarantine tables. */
  public static List<TableSpec> tables() {
    List<TableSpec> tables = new ArrayList<>();
    for (Domain<?> domain : ALL) {
      tables.add(domain.bronze());
      tables.add(domain.silver());
      tables.add(domain.quarantine());
    }
    return tables;
  }

  private static String names() {
    return ALL.stream().map(Domain::name).collect(Collectors.joining(", "));
  }
}
