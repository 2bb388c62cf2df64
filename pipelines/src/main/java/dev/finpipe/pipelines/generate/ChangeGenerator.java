package dev.finpipe.pipelines.generate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Seeded change records of the customers or the accounts domain, as JSON lines of their input contract: the same
 * {@link GeneratorSettings} always give the same lines.
 *
 * <p>The customers are exactly {@link Population}'s users and the accounts exactly its accounts (owner, currency),
 * drawn as {@link TransactionGenerator} draws them, so the transactions of the same seed and {@code --users} reference
 * these accounts and customers. Every entity gets an initial UPSERT 7 days to 3 years before the window start
 * ({@code end - days}: before any transaction, late ones included; an account after its customer), then 0-3 changes
 * within the window: attribute changes (segment or status), now and then a DELETE, a re-creation after some DELETEs.
 *
 * <p>All lines are built up front (memory grows with {@code --users}) and shuffled, so that changes of one entity
 * arrive out of order. Of all lines, {@code duplicateRate} are exact copies of a change and {@code invalidRate} bad
 * records rotating through {@link GeneratedDomain#invalidKinds()}; one UPSERT in a hundred carries an unknown extra
 * field. {@code count} > 0 stops after that many lines; {@code lateRate} and {@code outOfOrderRate} do not apply.
 */
public final class ChangeGenerator implements LineSource {
  static final String UPSERT = "UPSERT";
  static final String DELETE = "DELETE";

  private static final long MILLIS_PER_DAY = 86_400_000L;
  /** Initial records are at least this long before the window start: older than late transactions (3-6 days). */
  private static final long MIN_AGE_MILLIS = 7 * MILLIS_PER_DAY;
  private static final long MAX_AGE_MILLIS = 3 * 365 * MILLIS_PER_DAY;
  private static final double DELETE_SHARE = 0.08;
  /** Share of DELETEs that are the entity's last change and get a re-creation after them. */
  private static final double RECREATE_SHARE = 0.5;
  private static final double EXTRA_FIELD_SHARE = 0.01;
  private static final double OFFSET_TIME_SHARE = 0.05;
  private static final double EPOCH_MILLIS_TIME_SHARE = 0.03;

  private static final List<String> CUSTOMER_FIELDS = List.of("customer_id", "document_type", "document_id",
      "full_name", "segment", "status", "country", "updated_at", "op");
  private static final List<String> ACCOUNT_FIELDS = List.of("account_id", "customer_id", "account_type", "currency",
      "status", "opened_at", "updated_at", "op");

  private static final Weighted<Integer> CHANGES_PER_ENTITY = Weighted.<Integer>of()
      .with(0, 50).with(1, 30).with(2, 15).with(3, 5);
  private static final Weighted<String> SEGMENTS = Weighted.<String>of()
      .with("RETAIL", 70).with("PREMIUM", 15).with("SME", 10).with("CORPORATE", 5);
  private static final Weighted<String> CUSTOMER_STATUSES = Weighted.<String>of()
      .with("ACTIVE", 95).with("INACTIVE", 4).with("BLOCKED", 1);
  private static final Weighted<String> MAIN_ACCOUNT_TYPES = Weighted.<String>of()
      .with("SAVINGS", 60).with("CHECKING", 40);
  private static final Weighted<String> OTHER_ACCOUNT_TYPES = Weighted.<String>of()
      .with("SAVINGS", 30).with("CHECKING", 20).with("CREDIT_CARD", 35).with("LOAN", 15);
  private static final String[] FIRST_NAMES = {"María", "José", "Luis", "Ana", "Carlos", "Rosa", "Jorge", "Lucía",
      "Miguel", "Carmen", "Juan", "Sofía", "Pedro", "Valentina", "Diego", "Camila", "John", "Emma", "Hiroshi", "Fatima",
      "João", "Ximena"};
  private static final String[] LAST_NAMES = {"Quispe", "Flores", "García", "Rodríguez", "Mamani", "Huamán",
      "Sánchez", "Chávez", "Pérez", "Torres", "Núñez", "Smith", "O'Brien", "Silva", "Tanaka", "Al-Sabah", "Muñoz",
      "Vargas"};
  private static final String[] COMPANY_FORMS = {"S.A.C.", "S.A.", "E.I.R.L.", "& Asociados"};
  private static final String[] UNKNOWN_SEGMENTS = {"VIP", "GOLD", "STUDENT"};
  private static final String[] UNKNOWN_CUSTOMER_STATUSES = {"SUSPENDED", "PENDING", "UNKNOWN"};
  private static final String[] UNKNOWN_ACCOUNT_STATUSES = {"DORMANT", "OPEN", "PENDING"};
  private static final String[] UNKNOWN_ACCOUNT_TYPES = {"MORTGAGE", "BROKERAGE", "DEBIT"};
  private static final String[] BAD_CUSTOMER_IDS = {"U-12A", "u-000001", "CUST-000001", "", "U 000001"};
  private static final String[] BAD_ACCOUNT_IDS = {"ACC-12A", "acc-000001", "ACC000001", "", "ACC-0001#"};

  /** A line and what it is meant to be; valid changes and their copies also carry their entity and time. */
  private record Slot(String line, LineKind kind, @Nullable InvalidKind invalidKind, boolean extraField,
      @Nullable String entityId, long updatedAtMillis) {}

  private final GeneratorSettings settings;
  private final GeneratedDomain domain;
  private final SplittableRandom random;
  private final long windowStartMillis;
  private final long endMillis;
  private final JsonText json = new JsonText();
  private final GeneratorStats stats = new GeneratorStats();
  private final List<Slot> valid = new ArrayList<>();
  /** Every valid UPSERT's fields (JSON tokens), for the bad records to break one of. */
  private final List<Map<String, String>> upserts = new ArrayList<>();
  private final List<Slot> slots;
  private final Map<String, Long> latestYielded = new HashMap<>();
  private final Map<String, Long> customerCreated = new HashMap<>();
  private int next;
  private long extraFieldSlots;

  private ChangeGenerator(GeneratorSettings settings, GeneratedDomain domain) {
    this.settings = settings;
    this.domain = domain;
    // As TransactionGenerator: the population from the seed's first split, then the generator's own stream.
    SplittableRandom root = new SplittableRandom(settings.seed());
    Population population = new Population(settings.users(), root.split());
    this.random = root.split();
    this.windowStartMillis = settings.windowStart().toEpochMilli();
    this.endMillis = settings.end().toEpochMilli();
    // Customers are drawn in both domains (the same draws first), so an account opens after its owner exists.
    for (Population.User user : population.users()) {
      customerHistory(user);
    }
    if (domain == GeneratedDomain.ACCOUNTS) {
      valid.clear();
      upserts.clear();
      for (Population.User user : population.users()) {
        Population.Account[] accounts = user.accounts();
        for (int a = 0; a < accounts.length; a++) {
          accountHistory(user, accounts[a], a == 0);
        }
      }
    }
    this.slots = mix();
  }

  /**
   * The change records of {@code domain} (customers or accounts).
   *
   * @throws IllegalArgumentException for the transactions domain, or when duplicates and bad records leave no room
   *     for the changes themselves (naming the flags)
   */
  public static ChangeGenerator create(GeneratorSettings settings, GeneratedDomain domain) {
    if (domain == GeneratedDomain.TRANSACTIONS) {
      throw new IllegalArgumentException("transactions are written by TransactionGenerator, not ChangeGenerator");
    }
    double sum = settings.duplicateRate() + settings.invalidRate();
    if (sum >= 1) {
      throw new IllegalArgumentException("--duplicateRate + --invalidRate is " + sum
          + "; expected below 1 for change records (the rest of the lines are the changes themselves)");
    }
    return new ChangeGenerator(settings, domain);
  }

  public GeneratedDomain domain() {
    return domain;
  }

  /** Counts of what has been yielded so far; out of order: a change yielded after a later one of its entity. */
  @Override
  public GeneratorStats stats() {
    return stats;
  }

  /** Lines this generator yields in all. */
  public long size() {
    return settings.count() == 0 ? slots.size() : Math.min(settings.count(), slots.size());
  }

  @Override
  public boolean hasNext() {
    return next < size();
  }

  @Override
  public String next() {
    if (!hasNext()) {
      throw new NoSuchElementException("all " + size() + " change records were generated");
    }
    Slot slot = slots.get(next++);
    stats.count(slot.kind(), slot.invalidKind());
    if (slot.extraField()) {
      stats.countExtraField();
    }
    if (slot.entityId() != null) {
      Long latest = latestYielded.get(slot.entityId());
      if (latest != null && slot.updatedAtMillis() < latest) {
        stats.countOutOfOrder();
      } else {
        latestYielded.put(slot.entityId(), slot.updatedAtMillis());
      }
    }
    return slot.line();
  }

  private void customerHistory(Population.User user) {
    String segment = SEGMENTS.pick(random);
    String documentType = documentType(user.home(), segment);
    Map<String, String> state = new LinkedHashMap<>();
    state.put("customer_id", JsonText.quote(user.id()));
    state.put("document_type", JsonText.quote(documentType));
    state.put("document_id", JsonText.quote(documentId(documentType)));
    state.put("full_name", JsonText.quote(fullName(segment)));
    state.put("segment", JsonText.quote(segment));
    state.put("status", JsonText.quote(CUSTOMER_STATUSES.pick(random)));
    state.put("country", JsonText.quote(user.home().country));
    long created = windowStartMillis - MIN_AGE_MILLIS - random.nextLong(MAX_AGE_MILLIS - MIN_AGE_MILLIS);
    customerCreated.put(user.id(), created);
    history("customer_id", user.id(), user.home(), state, created, this::changeCustomer,
        (s, time) -> s.put("status", JsonText.quote("ACTIVE")));
  }

  /** A person moves between RETAIL and PREMIUM, a business between SME and CORPORATE; or the status changes. */
  private void changeCustomer(Map<String, String> state) {
    if (random.nextBoolean()) {
      String segment = switch (state.get("segment")) {
        case "\"RETAIL\"" -> "PREMIUM";
        case "\"PREMIUM\"" -> "RETAIL";
        case "\"SME\"" -> "CORPORATE";
        default -> "SME";
      };
      state.put("segment", JsonText.quote(segment));
    } else {
      boolean active = state.get("status").equals(JsonText.quote("ACTIVE"));
      state.put("status", JsonText.quote(!active ? "ACTIVE" : random.nextDouble() < 0.6 ? "INACTIVE" : "BLOCKED"));
    }
  }

  private void accountHistory(Population.User owner, Population.Account account, boolean main) {
    long ownerCreated = customerCreated.get(owner.id());
    long latestOpening = windowStartMillis - MIN_AGE_MILLIS;
    long opened = ownerCreated + (latestOpening > ownerCreated ? random.nextLong(latestOpening - ownerCreated) : 0);
    Map<String, String> state = new LinkedHashMap<>();
    state.put("account_id", JsonText.quote(account.id()));
    state.put("customer_id", JsonText.quote(owner.id()));
    state.put("account_type", JsonText.quote((main ? MAIN_ACCOUNT_TYPES : OTHER_ACCOUNT_TYPES).pick(random)));
    state.put("currency", JsonText.quote(account.money().name()));
    state.put("status", JsonText.quote("ACTIVE"));
    state.put("opened_at", isoInstant(opened));
    history("account_id", account.id(), owner.home(), state, opened, this::changeAccount, (s, time) -> {
      s.put("status", JsonText.quote("ACTIVE"));
      s.put("opened_at", isoInstant(time));
    });
  }

  /** ACTIVE is frozen or closed; FROZEN thawed or closed; CLOSED reopened. */
  private void changeAccount(Map<String, String> state) {
    String status = state.get("status");
    String next = status.equals(JsonText.quote("CLOSED")) ? "ACTIVE"
        : random.nextDouble() < 0.3 ? "CLOSED"
        : status.equals(JsonText.quote("ACTIVE")) ? "FROZEN" : "ACTIVE";
    state.put("status", JsonText.quote(next));
  }

  /**
   * The initial UPSERT at {@code created}, then the changes in the window, in time order: {@code change} alters the
   * state for an UPSERT, a DELETE sends only the id, and the change after a DELETE re-creates the entity
   * ({@code recreate} resets what a re-created entity starts with, given the state and the time).
   */
  private void history(String idField, String id, Region home, Map<String, String> state, long created,
      Consumer<Map<String, String>> change, ObjLongConsumer<Map<String, String>> recreate) {
    upsert(id, home, state, created);
    TreeSet<Long> times = new TreeSet<>();
    int changes = CHANGES_PER_ENTITY.pick(random);
    for (int i = 0; i < changes; i++) {
      times.add(windowStartMillis + random.nextLong(endMillis - windowStartMillis));
    }
    boolean deleted = false;
    for (Long time = times.isEmpty() ? null : times.first(); time != null; time = times.higher(time)) {
      if (deleted) {
        recreate.accept(state, time);
        upsert(id, home, state, time);
        deleted = false;
      } else if (random.nextDouble() < DELETE_SHARE) {
        Map<String, String> delete = new LinkedHashMap<>();
        delete.put(idField, state.get(idField));
        delete.put("updated_at", updatedAt(time, home));
        delete.put("op", JsonText.quote(DELETE));
        valid.add(new Slot(render(delete, null), LineKind.VALID, null, false, id, time));
        deleted = true;
        if (time.equals(times.last()) && time < endMillis - 1 && random.nextDouble() < RECREATE_SHARE) {
          times.add(time + 1 + random.nextLong(endMillis - 1 - time));
        }
      } else {
        change.accept(state);
        upsert(id, home, state, time);
      }
    }
  }

  private void upsert(String id, Region home, Map<String, String> state, long time) {
    state.put("updated_at", updatedAt(time, home));
    state.put("op", JsonText.quote(UPSERT));
    upserts.add(new LinkedHashMap<>(state));
    String extra = null;
    if (random.nextDouble() < EXTRA_FIELD_SHARE) {
      extra = TransactionGenerator.EXTRA_FIELDS[(int) (extraFieldSlots++ % TransactionGenerator.EXTRA_FIELDS.length)];
    }
    valid.add(new Slot(render(state, extra), LineKind.VALID, null, extra != null, id, time));
  }

  /** The changes, duplicates and bad records in the shares asked for, shuffled. */
  private List<Slot> mix() {
    double changesShare = 1 - settings.duplicateRate() - settings.invalidRate();
    long duplicates = Math.round(valid.size() * settings.duplicateRate() / changesShare);
    long invalid = Math.round(valid.size() * settings.invalidRate() / changesShare);
    List<Slot> all = new ArrayList<>(valid);
    for (long i = 0; i < duplicates && !valid.isEmpty(); i++) {
      Slot copy = valid.get(random.nextInt(valid.size()));
      all.add(new Slot(copy.line(), LineKind.DUPLICATE, null, false, copy.entityId(), copy.updatedAtMillis()));
    }
    List<InvalidKind> kinds = domain.invalidKinds();
    List<String> required = domain == GeneratedDomain.CUSTOMERS ? CUSTOMER_FIELDS : ACCOUNT_FIELDS;
    for (int i = 0; i < invalid; i++) {
      InvalidKind kind = kinds.get(i % kinds.size());
      int missing = i / kinds.size() % required.size();
      all.add(new Slot(invalidLine(kind, required.get(missing)), LineKind.INVALID, kind, false, null, 0));
    }
    for (int i = all.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      Slot swap = all.get(i);
      all.set(i, all.get(j));
      all.set(j, swap);
    }
    return all;
  }

  /** A random UPSERT at a new time in the window, breaking exactly one rule ({@code missing}: the field left out). */
  private String invalidLine(InvalidKind kind, String missing) {
    Map<String, String> fields = new LinkedHashMap<>(upserts.get(random.nextInt(upserts.size())));
    fields.put("updated_at", isoInstant(windowStartMillis + random.nextLong(endMillis - windowStartMillis)));
    boolean customers = domain == GeneratedDomain.CUSTOMERS;
    switch (kind) {
      case MALFORMED_JSON -> {
        String whole = render(fields, null);
        // Never the closing brace: a prefix of an object is never a JSON value.
        return whole.substring(0, whole.length() / 2 + random.nextInt(whole.length() - 1 - whole.length() / 2));
      }
      case MISSING_REQUIRED_FIELD -> fields.remove(missing);
      case UNKNOWN_SEGMENT -> fields.put("segment", quotedPick(UNKNOWN_SEGMENTS));
      case UNKNOWN_STATUS ->
          fields.put("status", quotedPick(customers ? UNKNOWN_CUSTOMER_STATUSES : UNKNOWN_ACCOUNT_STATUSES));
      case UNKNOWN_TYPE -> fields.put("account_type", quotedPick(UNKNOWN_ACCOUNT_TYPES));
      case UNKNOWN_CURRENCY -> fields.put("currency", quotedPick(TransactionGenerator.UNKNOWN_CURRENCIES));
      case BAD_ENTITY_ID -> fields.put(domain.keyField(), quotedPick(customers ? BAD_CUSTOMER_IDS : BAD_ACCOUNT_IDS));
      case EVENT_TIME_FUTURE -> fields.put("updated_at", isoInstant(
          Math.max(endMillis, TransactionGenerator.FAR_FUTURE_MILLIS) + random.nextLong(365 * MILLIS_PER_DAY)));
      default -> throw new IllegalArgumentException(kind + " is not a kind of bad " + domain.id() + " record");
    }
    return render(fields, null);
  }

  private String quotedPick(String[] values) {
    return JsonText.quote(values[random.nextInt(values.length)]);
  }

  /** Peru's documents at home (RUC for businesses, CE for one resident in ten: foreigners); a passport elsewhere. */
  private String documentType(Region home, String segment) {
    if (home != Region.PE) {
      return "PASSPORT";
    }
    if (segment.equals("SME") || segment.equals("CORPORATE")) {
      return "RUC";
    }
    return random.nextDouble() < 0.1 ? "CE" : "DNI";
  }

  /** DNI 8 digits, CE 9, RUC 11 starting 20, passport 2 letters and 7 digits. */
  private String documentId(String documentType) {
    return switch (documentType) {
      case "RUC" -> "20" + digits(9);
      case "CE" -> digits(9);
      case "PASSPORT" -> "" + (char) ('A' + random.nextInt(26)) + (char) ('A' + random.nextInt(26)) + digits(7);
      default -> digits(8);
    };
  }

  private String digits(int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append((char) ('0' + random.nextInt(10)));
    }
    return sb.toString();
  }

  /** A person, or for business segments a company named after one. */
  private String fullName(String segment) {
    String last = LAST_NAMES[random.nextInt(LAST_NAMES.length)];
    if (segment.equals("SME") || segment.equals("CORPORATE")) {
      return "Inversiones " + last + " " + COMPANY_FORMS[random.nextInt(COMPANY_FORMS.length)];
    }
    return FIRST_NAMES[random.nextInt(FIRST_NAMES.length)] + " " + last + " "
        + LAST_NAMES[random.nextInt(LAST_NAMES.length)];
  }

  /** Mostly ISO-8601 in UTC; some in the home region's offset, some epoch millis: the formats transactions use. */
  private String updatedAt(long millis, Region home) {
    double format = random.nextDouble();
    if (format < EPOCH_MILLIS_TIME_SHARE) {
      return Long.toString(millis);
    }
    StringBuilder sb = new StringBuilder(32);
    json.appendIsoInstant(sb, millis, home.offsetMillis,
        format < EPOCH_MILLIS_TIME_SHARE + OFFSET_TIME_SHARE ? home.offset : null);
    return sb.toString();
  }

  private String isoInstant(long millis) {
    StringBuilder sb = new StringBuilder(32);
    json.appendIsoInstant(sb, millis, 0, null);
    return sb.toString();
  }

  /** A JSON object of the given fields (name to JSON token), in their order, and an extra field when not null. */
  static String render(Map<String, String> fields, @Nullable String extraField) {
    StringBuilder sb = new StringBuilder(256).append('{');
    fields.forEach((name, token) -> {
      if (sb.length() > 1) {
        sb.append(',');
      }
      sb.append('"').append(name).append("\":").append(token);
    });
    if (extraField != null) {
      sb.append(',').append(extraField);
    }
    return sb.append('}').toString();
  }
}
