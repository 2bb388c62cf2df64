package dev.finpipe.pipelines.generate;

import static dev.finpipe.pipelines.generate.InvalidKind.AMOUNT_BOOLEAN;
import static dev.finpipe.pipelines.generate.InvalidKind.AMOUNT_NEGATIVE;
import static dev.finpipe.pipelines.generate.InvalidKind.AMOUNT_NOT_NUMERIC;
import static dev.finpipe.pipelines.generate.InvalidKind.AMOUNT_TOO_LARGE;
import static dev.finpipe.pipelines.generate.InvalidKind.AMOUNT_TOO_PRECISE;
import static dev.finpipe.pipelines.generate.InvalidKind.AMOUNT_ZERO;
import static dev.finpipe.pipelines.generate.InvalidKind.BAD_ENTITY_ID;
import static dev.finpipe.pipelines.generate.InvalidKind.BAD_TRANSACTION_ID;
import static dev.finpipe.pipelines.generate.InvalidKind.BLANK_LINE;
import static dev.finpipe.pipelines.generate.InvalidKind.EVENT_TIME_FUTURE;
import static dev.finpipe.pipelines.generate.InvalidKind.EVENT_TIME_UNPARSEABLE;
import static dev.finpipe.pipelines.generate.InvalidKind.MALFORMED_JSON;
import static dev.finpipe.pipelines.generate.InvalidKind.MISSING_REQUIRED_FIELD;
import static dev.finpipe.pipelines.generate.InvalidKind.NOT_AN_OBJECT;
import static dev.finpipe.pipelines.generate.InvalidKind.UNKNOWN_CURRENCY;
import static dev.finpipe.pipelines.generate.InvalidKind.UNKNOWN_SEGMENT;
import static dev.finpipe.pipelines.generate.InvalidKind.UNKNOWN_STATUS;
import static dev.finpipe.pipelines.generate.InvalidKind.UNKNOWN_TYPE;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The domains the generators write: transactions ({@link TransactionGenerator}) and the change records of customers
 * and accounts ({@link ChangeGenerator}). The same seed and population flags give the same users and accounts in all
 * three, so transactions reference generated accounts and customers.
 */
public enum GeneratedDomain {
  TRANSACTIONS("account_id", List.of(MALFORMED_JSON, NOT_AN_OBJECT, MISSING_REQUIRED_FIELD, AMOUNT_BOOLEAN,
      AMOUNT_NOT_NUMERIC, AMOUNT_NEGATIVE, AMOUNT_ZERO, AMOUNT_TOO_LARGE, AMOUNT_TOO_PRECISE, UNKNOWN_CURRENCY,
      UNKNOWN_TYPE, UNKNOWN_STATUS, BAD_TRANSACTION_ID, EVENT_TIME_UNPARSEABLE, EVENT_TIME_FUTURE, BLANK_LINE)),
  CUSTOMERS("customer_id", List.of(MALFORMED_JSON, MISSING_REQUIRED_FIELD, UNKNOWN_SEGMENT, UNKNOWN_STATUS,
      BAD_ENTITY_ID, EVENT_TIME_FUTURE)),
  ACCOUNTS("account_id", List.of(MALFORMED_JSON, MISSING_REQUIRED_FIELD, UNKNOWN_TYPE, UNKNOWN_STATUS,
      UNKNOWN_CURRENCY, BAD_ENTITY_ID, EVENT_TIME_FUTURE));

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

  /** The field whose string value keys a line in Kafka (one entity's records stay in order on one partition). */
  public String keyField() {
    return keyField;
  }

  /** The bad records this domain's generator writes, in the order it rotates through them. */
  public List<InvalidKind> invalidKinds() {
    return invalidKinds;
  }

  /** Reads {@code transactions}, {@code customers} or {@code accounts}, any case. */
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
