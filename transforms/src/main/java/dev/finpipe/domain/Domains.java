package dev.finpipe.domain;

import dev.finpipe.io.EventRows;
import dev.finpipe.io.SilverRows;
import dev.finpipe.io.TableSpec;
import dev.finpipe.io.Tables;
import dev.finpipe.model.AccountChange;
import dev.finpipe.model.AppLog;
import dev.finpipe.model.CustomerChange;
import dev.finpipe.model.MetricSample;
import dev.finpipe.model.Transaction;
import dev.finpipe.parse.AccountReader;
import dev.finpipe.parse.AppLogReader;
import dev.finpipe.parse.CustomerReader;
import dev.finpipe.parse.MetricSampleReader;
import dev.finpipe.parse.TransactionReader;
import dev.finpipe.validate.ChangeRules;
import dev.finpipe.validate.OpsRules;
import dev.finpipe.validate.ValidationRules;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Every domain of the lakehouse, in dependency order (a domain's gold may join the domains before it). */
public final class Domains {
  static final String TRANSACTIONS_NAME = "transactions";

  public static final Domain<Transaction> TRANSACTIONS =
      Domain.events(TRANSACTIONS_NAME, Transaction.class)
          .setReaders(TransactionReader::new)
          .setRules(ValidationRules.standard())
          .setIdColumn("transaction_id")
          .setEventTimeColumn("event_time")
          .setSilverRows(new SilverRows())
          .setPayloadDropper(Transaction::withoutPayload)
          .build();

  /** Customers' changes (SCD2 history in {@code silver/customers}, current state in {@code silver/customers_current}). */
  public static final Domain<CustomerChange> CUSTOMERS =
      Domain.changes("customers", CustomerChange.class)
          .setReaders(CustomerReader::new)
          .setRules(ChangeRules.customers())
          .setIdColumn("customer_id")
          .setEventTimeColumn("updated_at")
          .setPayloadDropper(CustomerChange::withoutPayload)
          .build();

  /** Accounts' changes; each account references its owner, a customer. */
  public static final Domain<AccountChange> ACCOUNTS =
      Domain.changes("accounts", AccountChange.class)
          .setReaders(AccountReader::new)
          .setRules(ChangeRules.accounts())
          .setIdColumn("account_id")
          .setEventTimeColumn("updated_at")
          .setPayloadDropper(AccountChange::withoutPayload)
          .build();

  /** Application log lines, kept once by {@code log_key} ({@code log_id}, or a hash of a line without one). */
  public static final Domain<AppLog> APP_LOGS =
      Domain.events("app_logs", AppLog.class)
          .setReaders(AppLogReader::new)
          .setRules(OpsRules.appLogs())
          .setIdColumn("log_key")
          .setEventTimeColumn("event_time")
          .setSilverRows(EventRows.silverOf("app_logs", AppLog.class))
          .setPayloadDropper(AppLog::withoutPayload)
          .build();

  /** Infrastructure metric samples, one per host, service, metric and instant ({@code sample_key}). */
  public static final Domain<MetricSample> INFRA_METRICS =
      Domain.events("infra_metrics", MetricSample.class)
          .setReaders(MetricSampleReader::new)
          .setRules(OpsRules.infraMetrics())
          .setIdColumn("sample_key")
          .setEventTimeColumn("event_time")
          .setSilverRows(EventRows.silverOf("infra_metrics", MetricSample.class))
          .setPayloadDropper(MetricSample::withoutPayload)
          .build();

  private static final List<Domain<?>> ALL = List.of(CUSTOMERS, ACCOUNTS, TRANSACTIONS, APP_LOGS, INFRA_METRICS);

  /**
   * The gold tables: the transactions domain's, daily_segment_volume, which joins customers and accounts, and
   * service_minute, of the operations domains.
   */
  public static final List<TableSpec> GOLD = List.of(Tables.GOLD_DAILY_USER_CURRENCY, Tables.GOLD_DAILY_TOP_USERS,
      Tables.GOLD_DAILY_SEGMENT_VOLUME, Tables.GOLD_SERVICE_MINUTE, Tables.GOLD_INCIDENTS, Tables.GOLD_OPS_KPIS_DAILY);

  /** The operations tables that are no domain's and not gold: the alerts' outbox and record. */
  public static final List<TableSpec> OPS = List.of(Tables.OPS_ALERTS);

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

  /** Every table of the lakehouse: each domain's (in dependency order), then gold, then ops. */
  public static List<TableSpec> allTables() {
    List<TableSpec> tables = new ArrayList<>();
    ALL.forEach(d -> tables.addAll(d.tables()));
    tables.addAll(GOLD);
    tables.addAll(OPS);
    return tables;
  }

  /**
   * Whether {@code spec} is a change domain's history or current-state table: those are rewritten by their own
   * copy-on-write (each batch merges the files it reads into fewer), and a compaction between a batch's read and its
   * commit would make that commit impossible to finish, so compaction leaves them alone.
   */
  public static boolean rewrittenBySilver(TableSpec spec) {
    return ALL.stream().filter(d -> d.kind() == Domain.Kind.CHANGES)
        .anyMatch(d -> d.silver().equals(spec) || d.current().map(spec::equals).orElse(false));
  }

  /** The table at {@code path} (e.g. {@code silver/customers}); an error naming the tables otherwise. */
  public static TableSpec tableByPath(String path) {
    return allTables().stream()
        .filter(t -> t.path().equals(path))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("--table: no table " + path + "; tables are "
            + allTables().stream().map(TableSpec::path).collect(Collectors.joining(", "))));
  }

  private static String names() {
    return ALL.stream().map(Domain::name).collect(Collectors.joining(", "));
  }
}
