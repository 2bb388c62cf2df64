package dev.finpipe.aggregate;

import dev.finpipe.history.Version;
import dev.finpipe.history.VersionCoder;
import dev.finpipe.model.AccountChange;
import dev.finpipe.model.CustomerChange;
import dev.finpipe.model.EnrichedTransaction;
import dev.finpipe.model.ModelCoders;
import dev.finpipe.model.Transaction;
import dev.finpipe.validate.RuleAction;
import dev.finpipe.validate.RuleActions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * Joins each transaction with the dimensions as they were at its event time: the version of its account valid then
 * ({@code valid_from <= event_time < valid_to}, by {@code account_id}), then the version of that account's customer
 * valid then (by the account version's {@code customer_id}). Two {@link CoGroupByKey} joins; no state or timers.
 *
 * <p>Two referential rules judge what the joins cannot resolve: {@value #ACCOUNT_KNOWN} (the account has a version
 * valid at the event time) and {@value #CUSTOMER_KNOWN} (its customer has one). Each has an action, {@code WARN}
 * unless given: WARN counts the transaction ({@code <rule>_broken}) and keeps it with {@code UNKNOWN} for what is
 * missing (an unknown account's segment and type; an unknown customer's segment); DROP counts it and sends it to
 * {@link #DROPPED} instead; FAIL throws, aborting the run. QUARANTINE is refused: gold has no quarantine. A
 * transaction whose account is unknown is not judged by {@value #CUSTOMER_KNOWN}.
 *
 * <pre>{@code
 * PCollectionTuple enriched = transactions.apply("EnrichPointInTime",
 *     EnrichPointInTime.withDimensions(accountVersions, customerVersions)
 *         .withActions(EnrichPointInTime.actions("account_known=DROP")));
 * enriched.get(EnrichPointInTime.ENRICHED); enriched.get(EnrichPointInTime.DROPPED);
 * }</pre>
 */
public final class EnrichPointInTime extends PTransform<PCollection<Transaction>, PCollectionTuple> {
  public static final String ACCOUNT_KNOWN = "account_known";
  public static final String CUSTOMER_KNOWN = "customer_known";
  /** The rules, in check order. */
  public static final List<String> RULE_NAMES = List.of(ACCOUNT_KNOWN, CUSTOMER_KNOWN);
  /** Counter of transactions DROP rules left out. */
  public static final String DROPPED_COUNTER = "dropped";

  /** Transactions with their dimensions (WARN-ed ones with {@code UNKNOWN}). */
  public static final TupleTag<EnrichedTransaction> ENRICHED = new TupleTag<EnrichedTransaction>() {};
  /** Transactions a DROP rule left out, with what was resolved of them. */
  public static final TupleTag<EnrichedTransaction> DROPPED = new TupleTag<EnrichedTransaction>() {};

  private static final TupleTag<KV<String, EnrichedTransaction>> BY_CUSTOMER =
      new TupleTag<KV<String, EnrichedTransaction>>() {};
  private static final TupleTag<EnrichedTransaction> ACCOUNT_UNKNOWN_KEPT = new TupleTag<EnrichedTransaction>() {};

  private final PCollection<Version<AccountChange>> accounts;
  private final PCollection<Version<CustomerChange>> customers;
  private final Map<String, RuleAction> actions;

  private EnrichPointInTime(PCollection<Version<AccountChange>> accounts, PCollection<Version<CustomerChange>> customers,
      Map<String, RuleAction> actions) {
    this.accounts = accounts;
    this.customers = customers;
    this.actions = actions;
  }

  /** Joins with these versions of accounts and customers (at least those of the transactions' accounts and owners). */
  public static EnrichPointInTime withDimensions(
      PCollection<Version<AccountChange>> accounts, PCollection<Version<CustomerChange>> customers) {
    return new EnrichPointInTime(accounts, customers, actions(null));
  }

  /** With these rule actions, as {@link #actions} returns them. */
  public EnrichPointInTime withActions(Map<String, RuleAction> actions) {
    return new EnrichPointInTime(accounts, customers, checked(actions));
  }

  /**
   * The action of every rule: {@code spec}'s overrides ({@code rule=ACTION,...}, as {@link RuleActions#parse}
   * reads them), WARN for the others.
   *
   * @throws IllegalArgumentException for a malformed spec, an unknown rule or action, or QUARANTINE
   */
  public static Map<String, RuleAction> actions(@Nullable String spec) {
    Map<String, RuleAction> actions = new LinkedHashMap<>();
    RULE_NAMES.forEach(rule -> actions.put(rule, RuleAction.WARN));
    actions.putAll(RuleActions.parse(spec, RULE_NAMES));
    return checked(actions);
  }

  private static Map<String, RuleAction> checked(Map<String, RuleAction> actions) {
    if (!actions.keySet().equals(new java.util.HashSet<>(RULE_NAMES))) {
      throw new IllegalArgumentException("Gold rule actions must give each of " + RULE_NAMES + " an action: " + actions);
    }
    actions.forEach((rule, action) -> {
      if (action == RuleAction.QUARANTINE) {
        throw new IllegalArgumentException("Gold rule " + rule + "=QUARANTINE: gold has no quarantine; use WARN "
            + "(aggregate as UNKNOWN), DROP (leave out) or FAIL (abort the run). Rules: " + String.join(", ", RULE_NAMES));
      }
    });
    return Map.copyOf(actions);
  }

  /** {@code account_known=WARN, customer_known=WARN}: the actions for a run's report. */
  public static String describe(Map<String, RuleAction> actions) {
    return RULE_NAMES.stream().map(r -> r + "=" + actions.get(r)).collect(Collectors.joining(", "));
  }

  @Override
  public PCollectionTuple expand(PCollection<Transaction> transactions) {
    Pipeline pipeline = transactions.getPipeline();
    Coder<EnrichedTransaction> enrichedCoder = ModelCoders.of(pipeline, EnrichedTransaction.class);
    TupleTag<Transaction> txTag = new TupleTag<>("transactions");
    TupleTag<Version<AccountChange>> accountTag = new TupleTag<>("accounts");
    PCollectionTuple byAccount =
        KeyedPCollectionTuple.of(txTag, keyed("KeyTransactionsByAccount", transactions, Transaction::getAccountId,
                transactions.getCoder()))
            .and(accountTag, keyed("KeyAccountVersions", accounts, v -> v.getRecord().getAccountId(), accounts.getCoder()))
            .apply("GroupByAccount", CoGroupByKey.create())
            .apply("AccountAtEventTime", ParDo.of(new AccountAtEventTimeFn(txTag, accountTag, actions.get(ACCOUNT_KNOWN)))
                .withOutputTags(BY_CUSTOMER, TupleTagList.of(ACCOUNT_UNKNOWN_KEPT).and(DROPPED)));
    PCollection<KV<String, EnrichedTransaction>> byCustomer =
        byAccount.get(BY_CUSTOMER).setCoder(KvCoder.of(StringUtf8Coder.of(), enrichedCoder));
    byAccount.get(ACCOUNT_UNKNOWN_KEPT).setCoder(enrichedCoder);
    byAccount.get(DROPPED).setCoder(enrichedCoder);

    TupleTag<EnrichedTransaction> pendingTag = new TupleTag<>("pending");
    TupleTag<Version<CustomerChange>> customerTag = new TupleTag<>("customers");
    PCollectionTuple withCustomer =
        KeyedPCollectionTuple.of(pendingTag, byCustomer)
            .and(customerTag, keyed("KeyCustomerVersions", customers, v -> v.getRecord().getCustomerId(), customers.getCoder()))
            .apply("GroupByCustomer", CoGroupByKey.create())
            .apply("CustomerAtEventTime", ParDo.of(new CustomerAtEventTimeFn(pendingTag, customerTag, actions.get(CUSTOMER_KNOWN)))
                .withOutputTags(ENRICHED, TupleTagList.of(DROPPED)));
    withCustomer.get(ENRICHED).setCoder(enrichedCoder);
    withCustomer.get(DROPPED).setCoder(enrichedCoder);

    PCollection<EnrichedTransaction> enriched = PCollectionList.of(withCustomer.get(ENRICHED))
        .and(byAccount.get(ACCOUNT_UNKNOWN_KEPT))
        .apply("Enriched", Flatten.pCollections());
    PCollection<EnrichedTransaction> dropped = PCollectionList.of(byAccount.get(DROPPED))
        .and(withCustomer.get(DROPPED))
        .apply("Dropped", Flatten.pCollections());
    return PCollectionTuple.of(ENRICHED, enriched).and(DROPPED, dropped);
  }

  private static <T> PCollection<KV<String, T>> keyed(String name, PCollection<T> input,
      org.apache.beam.sdk.transforms.SerializableFunction<T, String> key, Coder<T> coder) {
    return input
        .apply(name, WithKeys.of(key).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), coder));
  }

  /** The version among {@code versions} valid at {@code time}, or null. */
  private static <T> @Nullable Version<T> validAt(List<Version<T>> versions, Instant time) {
    for (Version<T> version : versions) {
      if (version.isValidAt(time)) {
        return version;
      }
    }
    return null;
  }

  private static <T> List<T> listOf(Iterable<T> values) {
    List<T> list = new ArrayList<>();
    values.forEach(list::add);
    return list;
  }

  private static IllegalStateException failed(String rule, EnrichedTransaction tx, String what) {
    return new IllegalStateException("FAIL rule " + rule + " broken: transaction " + tx.getTransactionId() + " at "
        + tx.getEventTime() + " references " + what + ", which has no version valid at that time (set "
        + rule + "=WARN or DROP to aggregate or leave such transactions)");
  }

  /** Per account: each of its transactions with the account version valid at the transaction's event time. */
  static final class AccountAtEventTimeFn extends DoFn<KV<String, CoGbkResult>, KV<String, EnrichedTransaction>> {
    private final TupleTag<Transaction> txTag;
    private final TupleTag<Version<AccountChange>> accountTag;
    private final RuleAction action;
    private final Counter broken = Metrics.counter(EnrichPointInTime.class, ACCOUNT_KNOWN + "_broken");
    private final Counter dropped = Metrics.counter(EnrichPointInTime.class, DROPPED_COUNTER);

    AccountAtEventTimeFn(TupleTag<Transaction> txTag, TupleTag<Version<AccountChange>> accountTag, RuleAction action) {
      this.txTag = txTag;
      this.accountTag = accountTag;
      this.action = action;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> group, MultiOutputReceiver out) {
      List<Version<AccountChange>> versions = listOf(group.getValue().getAll(accountTag));
      for (Transaction tx : group.getValue().getAll(txTag)) {
        Version<AccountChange> account = validAt(versions, tx.getEventTime());
        if (account != null) {
          String customerId = account.getRecord().getCustomerId();
          // An UPSERT always names its owner (customers' rules); an empty key joins no customer, should one not.
          out.get(BY_CUSTOMER).output(KV.of(customerId == null ? "" : customerId, EnrichedTransaction.of(tx)
              .setCustomerId(customerId)
              .setAccountType(account.getRecord().getAccountType() == null
                  ? EnrichedTransaction.UNKNOWN : account.getRecord().getAccountType())
              .build()));
          continue;
        }
        EnrichedTransaction unknown = EnrichedTransaction.of(tx)
            .setAccountType(EnrichedTransaction.UNKNOWN)
            .setSegment(EnrichedTransaction.UNKNOWN)
            .build();
        if (action == RuleAction.FAIL) {
          throw failed(ACCOUNT_KNOWN, unknown, "account " + tx.getAccountId());
        }
        broken.inc();
        if (action == RuleAction.DROP) {
          dropped.inc();
          out.get(DROPPED).output(unknown);
        } else {
          out.get(ACCOUNT_UNKNOWN_KEPT).output(unknown);
        }
      }
    }
  }

  /** Per customer: each of its accounts' transactions with the customer version valid at its event time. */
  static final class CustomerAtEventTimeFn extends DoFn<KV<String, CoGbkResult>, EnrichedTransaction> {
    private final TupleTag<EnrichedTransaction> pendingTag;
    private final TupleTag<Version<CustomerChange>> customerTag;
    private final RuleAction action;
    private final Counter broken = Metrics.counter(EnrichPointInTime.class, CUSTOMER_KNOWN + "_broken");
    private final Counter dropped = Metrics.counter(EnrichPointInTime.class, DROPPED_COUNTER);

    CustomerAtEventTimeFn(
        TupleTag<EnrichedTransaction> pendingTag, TupleTag<Version<CustomerChange>> customerTag, RuleAction action) {
      this.pendingTag = pendingTag;
      this.customerTag = customerTag;
      this.action = action;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> group, MultiOutputReceiver out) {
      List<Version<CustomerChange>> versions = listOf(group.getValue().getAll(customerTag));
      for (EnrichedTransaction tx : group.getValue().getAll(pendingTag)) {
        Version<CustomerChange> customer = validAt(versions, tx.getEventTime());
        if (customer != null) {
          String segment = customer.getRecord().getSegment();
          out.get(ENRICHED).output(tx.toBuilder().setSegment(segment == null ? EnrichedTransaction.UNKNOWN : segment).build());
          continue;
        }
        EnrichedTransaction unknown = tx.toBuilder().setSegment(EnrichedTransaction.UNKNOWN).build();
        if (action == RuleAction.FAIL) {
          throw failed(CUSTOMER_KNOWN, unknown, "customer " + tx.getCustomerId() + " (owner of account "
              + tx.getAccountId() + ")");
        }
        broken.inc();
        if (action == RuleAction.DROP) {
          dropped.inc();
          out.get(DROPPED).output(unknown);
        } else {
          out.get(ENRICHED).output(unknown);
        }
      }
    }
  }
}
