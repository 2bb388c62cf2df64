package dev.finpipe.pipelines.generate;

import java.time.Instant;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Seeded fake banking transactions as JSON lines of the input contract, yielded lazily (constant memory, whatever the
 * count): the same {@link GeneratorSettings} always give the same lines.
 *
 * <pre>{@code
 * TransactionGenerator generator = TransactionGenerator.create(GeneratorSettings.builder().setCount(1_000).build());
 * generator.forEachRemaining(System.out::println);
 * System.err.println(generator.stats().summary());
 * }</pre>
 *
 * <p>Events of a bounded run are spread evenly over the window {@code [end - days, end)}, in order, except that
 * {@code outOfOrderRate} of them are swapped with one up to 7 places later. Among all lines, about
 * {@code duplicateRate} are exact copies of one of the last 1,000 valid lines, {@code invalidRate} are bad records
 * rotating through the transactions' {@link InvalidKind}s, and {@code lateRate} are valid events 3 to 6 days older
 * than the window start. One valid line in a hundred carries an unknown extra field. An unbounded run
 * ({@code count == 0}) never ends and stamps each event with the clock's time when it is drawn, eight events before it
 * is yielded (late ones relative to it).
 */
public final class TransactionGenerator implements LineSource {
  /** Out-of-order swaps reach at most this many places ahead (+1). */
  private static final int LOOKAHEAD = 8;
  /** Duplicates copy one of the last this many valid lines. */
  private static final int RECENT = 1_000;
  private static final double EXTRA_FIELD_SHARE = 0.01;
  private static final double OFFSET_TIME_SHARE = 0.05;
  private static final double EPOCH_MILLIS_TIME_SHARE = 0.03;
  private static final double STRING_AMOUNT_SHARE = 0.7;
  private static final double ABROAD_SHARE = 0.05;
  private static final double GLOBAL_MERCHANT_SHARE = 0.2;
  private static final long MILLIS_PER_DAY = 86_400_000L;
  private static final long MAX_AMOUNT_MAJOR = 1_000_000_000L;
  /** The change generator's future times share it. */
  static final long FAR_FUTURE_MILLIS = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();

  private static final InvalidKind[] INVALID_KINDS =
      GeneratedDomain.TRANSACTIONS.invalidKinds().toArray(new InvalidKind[0]);
  private static final Region[] REGIONS = Region.values();
  private static final Weighted<String> TYPES = Weighted.<String>of()
      .with("PURCHASE", 55).with("PAYMENT", 15).with("TRANSFER", 12)
      .with("WITHDRAWAL", 8).with("DEPOSIT", 7).with("REFUND", 3);
  private static final Weighted<String> STATUSES = Weighted.<String>of()
      .with("APPROVED", 88).with("DECLINED", 7).with("PENDING", 3).with("REVERSED", 2);
  private static final Weighted<String> CARD_CHANNELS = Weighted.<String>of()
      .with("POS", 45).with("MOBILE", 35).with("WEB", 20);
  private static final Weighted<String> CASH_CHANNELS = Weighted.<String>of().with("ATM", 85).with("BRANCH", 15);
  private static final Weighted<String> OTHER_CHANNELS = Weighted.<String>of()
      .with("MOBILE", 60).with("WEB", 30).with("BRANCH", 10);
  /** Unknown extra fields (the change generator adds them too). */
  static final String[] EXTRA_FIELDS = {
      "\"device_id\":\"D-7f3a\"", "\"risk_score\":0.12", "\"geo\":{\"lat\":-12.046,\"lon\":-77.043}",
      "\"tags\":[\"contactless\",\"promo\"]", "\"metadata\":null"};
  /** Three letters that are not an ISO 4217 code (the change generator's bad currencies too). */
  static final String[] UNKNOWN_CURRENCIES = {"PES", "ZZZ", "ABC", "DOL"};
  private static final String[] UNKNOWN_TYPES = {"CHARGEBACK", "CASHBACK", "FEE"};
  private static final String[] UNKNOWN_STATUSES = {"SETTLED", "FAILED", "UNKNOWN"};
  /** Times no reader parses (the ops generator's too). */
  static final String[] UNPARSEABLE_TIMES = {
      "\"yesterday\"", "\"2026-13-45T25:61:00Z\"", "\"22/11/2026 10:15\"", "\"\""};

  // Field positions, for the missing-field kind; the required ones are rotated through.
  private static final int TRANSACTION_ID = 0;
  private static final int ACCOUNT_ID = 1;
  private static final int USER_ID = 2;
  private static final int AMOUNT = 3;
  private static final int CURRENCY = 4;
  private static final int TYPE = 5;
  private static final int STATUS = 6;
  private static final int EVENT_TIME = 10;
  private static final int[] REQUIRED = {TRANSACTION_ID, ACCOUNT_ID, USER_ID, AMOUNT, CURRENCY, TYPE, STATUS, EVENT_TIME};

  private record Slot(String line, LineKind kind, @Nullable InvalidKind invalidKind, boolean extraField) {}

  /** The event being built; reused for every line. Raw fields hold JSON tokens that replace the normal rendering. */
  private static final class Event {
    String transactionId;
    String accountId;
    String userId;
    Money money;
    long amountMinor;
    boolean amountAsString;
    @Nullable String amountRaw;
    String currency;
    String type;
    String status;
    String channel;
    @Nullable String merchant;
    Region region;
    long eventTimeMillis;
    boolean timeWithOffset;
    boolean timeAsEpochMillis;
    @Nullable String eventTimeRaw;
    @Nullable String extraField;
    int omitted = -1;
  }

  private final GeneratorSettings settings;
  private final SplittableRandom random;
  private final Population population;
  private final long windowStartMillis;
  private final long endMillis;
  private final double millisPerSlot;
  private final double invalidShareOfFresh;
  private final double lateShareOfFresh;
  private final GeneratorStats stats = new GeneratorStats();
  private final JsonText json = new JsonText();
  private final StringBuilder sb = new StringBuilder(512);
  private final StringBuilder token = new StringBuilder(32);
  private final Event event = new Event();
  private final Slot[] ahead = new Slot[LOOKAHEAD];
  private final String[] recent = new String[RECENT];

  private int aheadSize;
  private int recentSize;
  private int recentNext;
  private long emitted;
  private long freshSlots;
  private long invalidSlots;
  private long missingFieldSlots;
  private long extraFieldSlots;
  private LineKind lastKind;
  private @Nullable InvalidKind lastInvalidKind;

  private TransactionGenerator(GeneratorSettings settings) {
    this.settings = settings;
    SplittableRandom root = new SplittableRandom(settings.seed());
    this.population = new Population(settings.users(), root.split());
    this.random = root.split();
    this.windowStartMillis = settings.windowStart().toEpochMilli();
    this.endMillis = settings.end().toEpochMilli();
    this.millisPerSlot = settings.isUnbounded() ? 0 : (double) (endMillis - windowStartMillis) / settings.count();
    double fresh = 1.0 - settings.duplicateRate();
    this.invalidShareOfFresh = fresh > 0 ? settings.invalidRate() / fresh : 0;
    this.lateShareOfFresh = fresh > 0 ? settings.lateRate() / fresh : 0;
  }

  public static TransactionGenerator create(GeneratorSettings settings) {
    return new TransactionGenerator(settings);
  }

  public GeneratorSettings settings() {
    return settings;
  }

  /** Counts of what has been yielded so far. */
  @Override
  public GeneratorStats stats() {
    return stats;
  }

  /** The kind of the line the last {@link #next()} returned. */
  public LineKind lastKind() {
    return lastKind;
  }

  /** Why the last line is invalid, or null if it is not. */
  public @Nullable InvalidKind lastInvalidKind() {
    return lastInvalidKind;
  }

  /** The remaining lines as a sequential, lazy stream. */
  public Stream<String> stream() {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  @Override
  public boolean hasNext() {
    return settings.isUnbounded() || emitted < settings.count();
  }

  @Override
  public String next() {
    if (!hasNext()) {
      throw new NoSuchElementException("all " + settings.count() + " lines were generated");
    }
    emitted++;
    if (recentSize > 0 && random.nextDouble() < settings.duplicateRate()) {
      String copy = recent[Math.floorMod(recentNext - 1 - random.nextInt(recentSize), RECENT)];
      return emit(new Slot(copy, LineKind.DUPLICATE, null, false));
    }
    while (aheadSize < LOOKAHEAD) {
      ahead[aheadSize++] = freshSlot();
    }
    if (random.nextDouble() < settings.outOfOrderRate()) {
      int later = 1 + random.nextInt(LOOKAHEAD - 1);
      Slot head = ahead[0];
      ahead[0] = ahead[later];
      ahead[later] = head;
      stats.countOutOfOrder();
    }
    Slot slot = ahead[0];
    System.arraycopy(ahead, 1, ahead, 0, --aheadSize);
    ahead[aheadSize] = null;
    if (slot.kind() == LineKind.VALID) {
      recent[recentNext] = slot.line();
      recentNext = (recentNext + 1) % RECENT;
      recentSize = Math.min(recentSize + 1, RECENT);
    }
    return emit(slot);
  }

  private String emit(Slot slot) {
    lastKind = slot.kind();
    lastInvalidKind = slot.invalidKind();
    stats.count(slot.kind(), slot.invalidKind());
    if (slot.extraField()) {
      stats.countExtraField();
    }
    return slot.line();
  }

  /** The next event of the base sequence: valid, late or invalid, at its place in time. */
  private Slot freshSlot() {
    long slot = freshSlots++;
    double r = random.nextDouble();
    if (r < invalidShareOfFresh) {
      return invalidSlot(slot);
    }
    if (r < invalidShareOfFresh + lateShareOfFresh) {
      long lateness = 3 * MILLIS_PER_DAY + random.nextLong(3 * MILLIS_PER_DAY);
      return new Slot(render(newEvent(currentWindowStart() - lateness)), LineKind.LATE, null, false);
    }
    Event e = newEvent(slotTime(slot));
    boolean extraField = random.nextDouble() < EXTRA_FIELD_SHARE;
    if (extraField) {
      e.extraField = EXTRA_FIELDS[(int) (extraFieldSlots++ % EXTRA_FIELDS.length)];
    }
    return new Slot(render(e), LineKind.VALID, null, extraField);
  }

  /** Bounded: evenly through the window, in order. Unbounded: the clock's time, up to 1.5 s behind, when drawn. */
  private long slotTime(long slot) {
    if (settings.isUnbounded()) {
      return settings.clock().millis() - random.nextInt(1_500);
    }
    long time = windowStartMillis + (long) ((slot + random.nextDouble()) * millisPerSlot);
    return Math.min(time, endMillis - 1);
  }

  private long currentWindowStart() {
    return settings.isUnbounded()
        ? settings.clock().millis() - settings.days() * MILLIS_PER_DAY
        : windowStartMillis;
  }

  private Event newEvent(long eventTimeMillis) {
    Event e = event;
    Population.User user = population.pickUser(random);
    Population.Account account = Population.pickAccount(user, random);
    e.transactionId = new UUID(random.nextLong(), random.nextLong()).toString();
    e.accountId = account.id();
    e.userId = user.id();
    e.money = account.money();
    e.currency = e.money.name();
    e.type = TYPES.pick(random);
    e.status = STATUSES.pick(random);
    e.region = e.type.equals("PURCHASE") && random.nextDouble() < ABROAD_SHARE
        ? REGIONS[random.nextInt(REGIONS.length)]
        : user.home();
    switch (e.type) {
      case "PURCHASE", "PAYMENT", "REFUND" -> {
        e.channel = (e.type.equals("PURCHASE") ? CARD_CHANNELS : OTHER_CHANNELS).pick(random);
        String[] merchants = random.nextDouble() < GLOBAL_MERCHANT_SHARE ? Region.GLOBAL_MERCHANTS : e.region.merchants;
        e.merchant = merchants[random.nextInt(merchants.length)];
      }
      case "WITHDRAWAL" -> {
        e.channel = CASH_CHANNELS.pick(random);
        e.merchant = null;
      }
      default -> {
        e.channel = OTHER_CHANNELS.pick(random);
        e.merchant = null;
      }
    }
    e.amountMinor = amountMinor(e.type, e.money);
    e.amountAsString = random.nextDouble() < STRING_AMOUNT_SHARE;
    e.amountRaw = null;
    e.eventTimeMillis = eventTimeMillis;
    double format = random.nextDouble();
    e.timeAsEpochMillis = format < EPOCH_MILLIS_TIME_SHARE;
    e.timeWithOffset = !e.timeAsEpochMillis && format < EPOCH_MILLIS_TIME_SHARE + OFFSET_TIME_SHARE;
    e.eventTimeRaw = null;
    e.extraField = null;
    e.omitted = -1;
    return e;
  }

  /** Log-normal amounts around a typical value per type (in dollars), in the account's currency and minor units. */
  private long amountMinor(String type, Money money) {
    double usd = switch (type) {
      case "PURCHASE" -> logNormal(30, 1.1);
      case "PAYMENT" -> logNormal(80, 0.9);
      case "TRANSFER" -> logNormal(200, 1.3);
      case "WITHDRAWAL" -> logNormal(60, 0.7);
      case "DEPOSIT" -> logNormal(400, 1.2);
      default -> logNormal(25, 1.0);
    };
    long minor = Math.round(usd / money.usdPerUnit * money.minorPerMajor);
    if (type.equals("WITHDRAWAL")) {
      minor = Math.max(1, Math.round((double) minor / money.cashStepMinor)) * money.cashStepMinor;
    }
    return Math.max(1, Math.min(minor, MAX_AMOUNT_MAJOR * money.minorPerMajor));
  }

  private double logNormal(double median, double sigma) {
    return median * Math.exp(sigma * random.nextGaussian());
  }

  /** A bad record breaking exactly one rule, the kinds taken in turn. */
  private Slot invalidSlot(long slot) {
    InvalidKind kind = INVALID_KINDS[(int) (invalidSlots++ % INVALID_KINDS.length)];
    Event e = newEvent(slotTime(slot));
    String line = switch (kind) {
      case MALFORMED_JSON -> {
        String whole = render(e);
        yield whole.substring(0, 1 + random.nextInt(whole.length() - 2));
      }
      case NOT_AN_OBJECT -> "[" + render(e) + "]";
      case MISSING_REQUIRED_FIELD -> {
        e.omitted = REQUIRED[(int) (missingFieldSlots++ % REQUIRED.length)];
        yield render(e);
      }
      case AMOUNT_BOOLEAN -> {
        e.amountRaw = random.nextBoolean() ? "true" : "false";
        yield render(e);
      }
      case AMOUNT_NOT_NUMERIC -> {
        e.amountRaw = "\"" + e.amountMinor / e.money.minorPerMajor + "," + (10 + random.nextInt(90)) + "\"";
        yield render(e);
      }
      case AMOUNT_NEGATIVE -> {
        e.amountMinor = -e.amountMinor;
        yield render(e);
      }
      case AMOUNT_ZERO -> {
        e.amountMinor = 0;
        yield render(e);
      }
      case AMOUNT_TOO_LARGE -> {
        e.amountMinor = (MAX_AMOUNT_MAJOR + 1 + random.nextLong(9 * MAX_AMOUNT_MAJOR)) * e.money.minorPerMajor;
        yield render(e);
      }
      case AMOUNT_TOO_PRECISE -> {
        token.setLength(0);
        e.money.appendDecimal(token, e.amountMinor);
        if (e.money.minorUnits == 0) {
          token.append('.');
        }
        token.append((char) ('1' + random.nextInt(9)));
        e.amountRaw = e.amountAsString ? JsonText.quote(token.toString()) : token.toString();
        yield render(e);
      }
      case UNKNOWN_CURRENCY -> {
        e.currency = UNKNOWN_CURRENCIES[random.nextInt(UNKNOWN_CURRENCIES.length)];
        yield render(e);
      }
      case UNKNOWN_TYPE -> {
        e.type = UNKNOWN_TYPES[random.nextInt(UNKNOWN_TYPES.length)];
        yield render(e);
      }
      case UNKNOWN_STATUS -> {
        e.status = UNKNOWN_STATUSES[random.nextInt(UNKNOWN_STATUSES.length)];
        yield render(e);
      }
      case BAD_TRANSACTION_ID -> {
        String id = e.transactionId;
        e.transactionId = switch (random.nextInt(4)) {
          case 0 -> "TX#" + id.substring(0, 8) + " 01";
          case 1 -> "";
          case 2 -> id + id; // 72 characters, each of them allowed
          default -> "tx/" + id.substring(0, 8) + "ü";
        };
        yield render(e);
      }
      case EVENT_TIME_UNPARSEABLE -> {
        e.eventTimeRaw = UNPARSEABLE_TIMES[random.nextInt(UNPARSEABLE_TIMES.length)];
        yield render(e);
      }
      case EVENT_TIME_FUTURE -> {
        e.eventTimeMillis = Math.max(endMillis, FAR_FUTURE_MILLIS) + random.nextLong(365 * MILLIS_PER_DAY);
        yield render(e);
      }
      case BLANK_LINE -> "";
      default -> throw new AssertionError(kind + " is not a kind of bad transaction");
    };
    return new Slot(line, LineKind.INVALID, kind, false);
  }

  private String render(Event e) {
    sb.setLength(0);
    sb.append('{');
    if (key(e, TRANSACTION_ID, "transaction_id")) {
      JsonText.appendString(sb, e.transactionId);
    }
    if (key(e, ACCOUNT_ID, "account_id")) {
      JsonText.appendString(sb, e.accountId);
    }
    if (key(e, USER_ID, "user_id")) {
      JsonText.appendString(sb, e.userId);
    }
    if (key(e, AMOUNT, "amount")) {
      appendAmount(e);
    }
    if (key(e, CURRENCY, "currency")) {
      JsonText.appendString(sb, e.currency);
    }
    if (key(e, TYPE, "type")) {
      JsonText.appendString(sb, e.type);
    }
    if (key(e, STATUS, "status")) {
      JsonText.appendString(sb, e.status);
    }
    if (key(e, 7, "channel")) {
      JsonText.appendString(sb, e.channel);
    }
    if (e.merchant != null && key(e, 8, "merchant")) {
      JsonText.appendString(sb, e.merchant);
    }
    if (key(e, 9, "country")) {
      JsonText.appendString(sb, e.region.country);
    }
    if (key(e, EVENT_TIME, "event_time")) {
      appendEventTime(e);
    }
    if (e.extraField != null) {
      sb.append(',').append(e.extraField);
    }
    return sb.append('}').toString();
  }

  private boolean key(Event e, int field, String name) {
    if (e.omitted == field) {
      return false;
    }
    if (sb.length() > 1) {
      sb.append(',');
    }
    sb.append('"').append(name).append("\":");
    return true;
  }

  private void appendAmount(Event e) {
    if (e.amountRaw != null) {
      sb.append(e.amountRaw);
    } else if (e.amountAsString) {
      sb.append('"');
      e.money.appendDecimal(sb, e.amountMinor);
      sb.append('"');
    } else {
      e.money.appendDecimal(sb, e.amountMinor);
    }
  }

  private void appendEventTime(Event e) {
    if (e.eventTimeRaw != null) {
      sb.append(e.eventTimeRaw);
    } else if (e.timeAsEpochMillis) {
      sb.append(e.eventTimeMillis);
    } else {
      json.appendIsoInstant(sb, e.eventTimeMillis, e.region.offsetMillis, e.timeWithOffset ? e.region.offset : null);
    }
  }
}
