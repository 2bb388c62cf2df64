package dev.finpipe.pipelines.generate;

import static dev.finpipe.pipelines.generate.InvalidKind.AMOUNT_BOOLEAN;
import static dev.finpipe.pipelines.generate.InvalidKind.AMOUNT_NEGATIVE;
import static dev.finpipe.pipelines.generate.InvalidKind.AMOUNT_NOT_NUMERIC;
import static dev.finpipe.pipelines.generate.InvalidKind.AMOUNT_TOO_LARGE;
import static dev.finpipe.pipelines.generate.InvalidKind.AMOUNT_TOO_PRECISE;
import static dev.finpipe.pipelines.generate.InvalidKind.AMOUNT_ZERO;
import static dev.finpipe.pipelines.generate.InvalidKind.BAD_ENTITY_ID;
import static dev.finpipe.pipelines.generate.InvalidKind.BAD_TRANSACTION_ID;
import static dev.finpipe.pipelines.generate.InvalidKind.BAD_LOG_ID;
import static dev.finpipe.pipelines.generate.InvalidKind.BLANK_LINE;
import static dev.finpipe.pipelines.generate.InvalidKind.BLANK_NAME;
import static dev.finpipe.pipelines.generate.InvalidKind.ERROR_RATE_OUT_OF_RANGE;
import static dev.finpipe.pipelines.generate.InvalidKind.EVENT_TIME_FUTURE;
import static dev.finpipe.pipelines.generate.InvalidKind.EVENT_TIME_UNPARSEABLE;
import static dev.finpipe.pipelines.generate.InvalidKind.HTTP_STATUS_OUT_OF_RANGE;
import static dev.finpipe.pipelines.generate.InvalidKind.LATENCY_NEGATIVE;
import static dev.finpipe.pipelines.generate.InvalidKind.MALFORMED_JSON;
import static dev.finpipe.pipelines.generate.InvalidKind.MEASURE_WRONG_TYPE;
import static dev.finpipe.pipelines.generate.InvalidKind.MISSING_REQUIRED_FIELD;
import static dev.finpipe.pipelines.generate.InvalidKind.NOT_AN_OBJECT;
import static dev.finpipe.pipelines.generate.InvalidKind.PCT_OUT_OF_RANGE;
import static dev.finpipe.pipelines.generate.InvalidKind.UNIT_MISMATCH;
import static dev.finpipe.pipelines.generate.InvalidKind.UNKNOWN_CURRENCY;
import static dev.finpipe.pipelines.generate.InvalidKind.UNKNOWN_LEVEL;
import static dev.finpipe.pipelines.generate.InvalidKind.UNKNOWN_METRIC;
import static dev.finpipe.pipelines.generate.InvalidKind.UNKNOWN_SEGMENT;
import static dev.finpipe.pipelines.generate.InvalidKind.UNKNOWN_STATUS;
import static dev.finpipe.pipelines.generate.InvalidKind.UNKNOWN_TYPE;
import static dev.finpipe.pipelines.generate.InvalidKind.VALUE_TOO_LARGE;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The domains the generators write: transactions ({@link TransactionGenerator}), the change records of customers
 * and accounts ({@link ChangeGenerator}), and the operations data of app_logs and infra_metrics
 * ({@link OpsGenerator}). The same seed and population flags give the same users and accounts in the
 * three banking domains, so transactions reference generated accounts and customers.
 */
public enum GeneratedDomain {
  TRANSACTIONS("account_id", List.of(MALFORMED_JSON, NOT_AN_OBJECT, MISSING_REQUIRED_FIELD, AMOUNT_BOOLEAN,
      AMOUNT_NOT_NUMERIC, AMOUNT_NEGATIVE, AMOUNT_ZERO, AMOUNT_TOO_LARGE, AMOUNT_TOO_PRECISE, UNKNOWN_CURRENCY,
      UNKNOWN_TYPE, UNKNOWN_STATUS, BAD_TRANSACTION_ID, EVENT_TIME_UNPARSEABLE, EVENT_TIME_FUTURE, BLANK_LINE)),
  CUSTOMERS("customer_id", List.of(MALFORMED_JSON, MISSING_REQUIRED_FIELD, UNKNOWN_SEGMENT, UNKNOWN_STATUS,
      BAD_ENTITY_ID, EVENT_TIME_FUTURE)),
  ACCOUNTS("account_id", List.of(MALFORMED_JSON, MISSING_REQUIRED_FIELD, UNKNOWN_TYPE, UNKNOWN_STATUS,
      UNKNOWN_CURRENCY, BAD_ENTITY_ID, EVENT_TIME_FUTURE)),
  APP_LOGS("service", List.of(MALFORMED_JSON, NOT_AN_OBJECT, MISSING_REQUIRED_FIELD, BLANK_NAME, UNKNOWN_LEVEL,
      BAD_LOG_ID, HTTP_STATUS_OUT_OF_RANGE, MEASURE_WRONG_TYPE, LATENCY_NEGATIVE, EVENT_TIME_UNPARSEABLE,
      EVENT_TIME_FUTURE, BLANK_LINE)),
  INFRA_METRICS("host", List.of(MALFORMED_JSON, NOT_AN_OBJECT, MISSING_REQUIRED_FIELD, BLANK_NAME, UNKNOWN_METRIC,
      MEASURE_WRONG_TYPE, VALUE_TOO_LARGE, PCT_OUT_OF_RANGE, ERROR_RATE_OUT_OF_RANGE, UNIT_MISMATCH,
      EVENT_TIME_UNPARSEABLE, EVENT_TIME_FUTURE, BLANK_LINE));

  private final String keyField;
  private final List<InvalidKind> invalidKinds;

  GeneratedDomain(String keyField, List<InvalidKind> invalidKinds) {
    this.keyField = keyField;
    this.invalidKinds = invalidKinds;
  }

  /** The name on the command line, of the Kafka topic and of the input folder: {@code customers}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The field whose string value keys a line in Kafka (one entity's records stay in order on one partition; a log
   * line by its service, a sample by its host).
   */
  public String keyField() {
    return keyField;
  }

  /** app_logs or infra_metrics: written by {@link OpsGenerator}, in files of consecutive time spans. */
  public boolean isOps() {
    return this == APP_LOGS || this == INFRA_METRICS;
  }

  /** The bad records this domain's generator writes, in the order it rotates through them. */
  public List<InvalidKind> invalidKinds() {
    return invalidKinds;
  }

  /** Reads a domain's name ({@code transactions}, {@code app_logs}, ...), any case. */
  public static final class Converter implements ITypeConverter<GeneratedDomain> {
    @Override
    public GeneratedDomain convert(String value) {
      for (GeneratedDomain domain : values()) {
        if (domain.id().equalsIgnoreCase(value)) {
          return domain;
        }
      }
      throw new TypeConversionException("'" + value + "' is not a domain; expected one of " + ids(values()));
    }
  }

  static String ids(GeneratedDomain... domains) {
    return Arrays.stream(domains).map(GeneratedDomain::id).collect(Collectors.joining(", "));
  }
}
