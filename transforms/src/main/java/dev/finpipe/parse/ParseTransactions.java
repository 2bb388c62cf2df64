package dev.finpipe.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.finpipe.model.FailedRecord;
import dev.finpipe.model.FailedRecord.Stage;
import dev.finpipe.model.RawRecord;
import dev.finpipe.model.Transaction;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * Parses bronze payloads into {@link Transaction}s. A payload that is not a JSON object of the input contract goes to
 * the failure output (stage PARSE) with every reason found: {@code MALFORMED_JSON}, {@code NOT_AN_OBJECT},
 * {@code MISSING_FIELD}, {@code WRONG_TYPE}, {@code BAD_AMOUNT}, {@code BAD_EVENT_TIME}. Never throws on bad data.
 *
 * <p>Amounts are read as exact decimals (JSON numbers or decimal strings; never through a double). Event times are
 * ISO-8601 with an offset or {@code Z}, or epoch milliseconds (a JSON integer or a string of digits). Unknown fields
 * are ignored, so new producer fields never break a run.
 */
public final class ParseTransactions
    extends PTransform<PCollection<RawRecord>, WithFailures.Result<PCollection<Transaction>, FailedRecord>> {
  public static final TupleTag<Transaction> PARSED = new TupleTag<Transaction>() {};
  public static final TupleTag<FailedRecord> FAILED = new TupleTag<FailedRecord>() {};

  public static final String MALFORMED_JSON = "MALFORMED_JSON";
  public static final String NOT_AN_OBJECT = "NOT_AN_OBJECT";
  public static final String MISSING_FIELD = "MISSING_FIELD";
  public static final String WRONG_TYPE = "WRONG_TYPE";
  public static final String BAD_AMOUNT = "BAD_AMOUNT";
  public static final String BAD_EVENT_TIME = "BAD_EVENT_TIME";

  /** Required text fields of the input contract, in the order errors name them. */
  static final List<String> REQUIRED_TEXT =
      List.of("transaction_id", "account_id", "user_id", "currency", "type", "status");

  static final List<String> OPTIONAL_TEXT = List.of("channel", "merchant", "country");

  private ParseTransactions() {}

  public static ParseTransactions create() {
    return new ParseTransactions();
  }

  @Override
  public WithFailures.Result<PCollection<Transaction>, FailedRecord> expand(PCollection<RawRecord> raw) {
    PCollectionTuple parsed =
        raw.apply("ParseJson", ParDo.of(new ParseFn()).withOutputTags(PARSED, TupleTagList.of(FAILED)));
    return WithFailures.Result.of(parsed.get(PARSED), parsed.get(FAILED));
  }

  /** Parses one payload; collects every problem before deciding. */
  static final class ParseFn extends DoFn<RawRecord, Transaction> {
    private final Counter parsedCount = Metrics.counter(ParseTransactions.class, "parsed");
    private transient ObjectMapper mapper;

    @Setup
    public void setup() {
      // Exact decimals: no double on the way, and no trailing zeros stripped (125.40 stays 125.40).
      mapper =
          new ObjectMapper()
              .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
              .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    }

    @ProcessElement
    public void process(@Element RawRecord raw, MultiOutputReceiver out) {
      JsonNode root;
      try {
        root = mapper.readTree(raw.getPayload());
      } catch (JsonProcessingException e) {
        fail(out, raw, List.of(MALFORMED_JSON), "Malformed JSON: " + e.getOriginalMessage(), null, null);
        return;
      }
      if (root == null || !root.isObject()) {
        String kind = root == null || root.isMissingNode() ? "empty" : root.getNodeType().name().toLowerCase();
        fail(out, raw, List.of(NOT_AN_OBJECT), "Expected a JSON object, got " + kind, null, null);
        return;
      }
      Problems problems = new Problems();
      String id = text(root, "transaction_id", true, problems);
      String account = text(root, "account_id", true, problems);
      String user = text(root, "user_id", true, problems);
      BigDecimal amount = amount(root, problems);
      String currency = text(root, "currency", true, problems);
      String type = text(root, "type", true, problems);
      String status = text(root, "status", true, problems);
      String channel = text(root, "channel", false, problems);
      String merchant = text(root, "merchant", false, problems);
      String country = text(root, "country", false, problems);
      Instant eventTime = eventTime(root, problems);
      if (!problems.isEmpty()) {
        fail(out, raw, problems.reasons(), problems.message(), id, eventTime);
        return;
      }
      parsedCount.inc();
      out.get(PARSED)
          .output(
              Transaction.builder()
                  .setTransactionId(id)
                  .setAccountId(account)
                  .setUserId(user)
                  .setAmount(amount)
                  .setCurrency(currency)
                  .setType(type)
                  .setStatus(status)
                  .setChannel(channel)
                  .setMerchant(merchant)
                  .setCountry(country)
                  .setEventTime(eventTime)
                  .setIngestedAt(raw.getIngestedAt())
                  .setSourceRef(raw.getSourceRef())
                  .setPayload(raw.getPayload())
                  .build());
    }

    private static void fail(
        MultiOutputReceiver out,
        RawRecord raw,
        List<String> reasons,
        String error,
        @Nullable String id,
        @Nullable Instant eventTime) {
      for (String reason : reasons) {
        Metrics.counter(ParseTransactions.class, "failed_" + reason).inc();
      }
      out.get(FAILED)
          .output(
              FailedRecord.of(Stage.PARSE, reasons, error, raw)
                  .toBuilder()
                  .setTransactionId(id)
                  .setEventTime(eventTime)
                  .build());
    }

    private static @Nullable String text(JsonNode root, String field, boolean required, Problems problems) {
      JsonNode node = root.get(field);
      if (node == null || node.isNull()) {
        if (required) {
          problems.missing(field);
        }
        return null;
      }
      if (!node.isTextual()) {
        problems.add(WRONG_TYPE, field + " must be a string, got " + node.getNodeType().name().toLowerCase());
        return null;
      }
      return node.textValue();
    }

    private static @Nullable BigDecimal amount(JsonNode root, Problems problems) {
      JsonNode node = root.get("amount");
      if (node == null || node.isNull()) {
        problems.missing("amount");
        return null;
      }
      if (node.isNumber()) {
        return node.decimalValue();
      }
      if (node.isTextual()) {
        String text = node.textValue().trim();
        if (text.matches("[+-]?\\d+(\\.\\d+)?")) {
          return new BigDecimal(text);
        }
        problems.add(BAD_AMOUNT, "amount \"" + node.textValue() + "\" is not a decimal number");
        return null;
      }
      problems.add(WRONG_TYPE, "amount must be a number or a decimal string, got " + node.getNodeType().name().toLowerCase());
      return null;
    }

    private static @Nullable Instant eventTime(JsonNode root, Problems problems) {
      JsonNode node = root.get("event_time");
      if (node == null || node.isNull()) {
        problems.missing("event_time");
        return null;
      }
      if (node.isIntegralNumber()) {
        return new Instant(node.longValue());
      }
      if (node.isTextual()) {
        String text = node.textValue().trim();
        if (text.matches("\\d{1,15}")) {
          return new Instant(Long.parseLong(text));
        }
        try {
          return new Instant(OffsetDateTime.parse(text).toInstant().toEpochMilli());
        } catch (DateTimeParseException e) {
          problems.add(
              BAD_EVENT_TIME,
              "event_time \"" + node.textValue() + "\" is neither ISO-8601 with an offset nor epoch milliseconds");
          return null;
        }
      }
      problems.add(WRONG_TYPE, "event_time must be a string or epoch milliseconds, got " + node.getNodeType().name().toLowerCase());
      return null;
    }
  }

  /** Reasons and messages found in one payload, each reason once, messages in field order. */
  static final class Problems {
    private final Set<String> reasons = new LinkedHashSet<>();
    private final List<String> missing = new ArrayList<>();
    private final List<String> messages = new ArrayList<>();

    void missing(String field) {
      reasons.add(MISSING_FIELD);
      missing.add(field);
    }

    void add(String reason, String message) {
      reasons.add(reason);
      messages.add(message);
    }

    boolean isEmpty() {
      return reasons.isEmpty();
    }

    List<String> reasons() {
      return new ArrayList<>(reasons);
    }

    String message() {
      List<String> all = new ArrayList<>();
      if (!missing.isEmpty()) {
        all.add("missing required field" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing));
      }
      all.addAll(messages);
      return String.join("; ", all);
    }
  }
}
