package dev.finpipe.dashboard;

import dev.finpipe.domain.Domain;
import dev.finpipe.domain.Domains;
import dev.finpipe.io.TableSpec;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks every request parameter against what it may be before it reaches a query: a table must be one of
 * {@link WarehouseView#TABLES}, a date an ISO date, a currency three capital letters, and so on. Values only ever reach DuckDB as
 * bound parameters, so these checks are about clear answers, not about escaping.
 */
public final class Params {
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
  private static final Pattern REASON = Pattern.compile("[A-Za-z0-9_]{1,64}");
  private static final Pattern STAGE = Pattern.compile("INGEST|PARSE|VALIDATE|LATE");
  private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private Params() {}

  /** The table at {@code layer/name}, or 404 naming the tables there are. */
  public static TableSpec table(String layer, String name) {
    String path = layer + "/" + name;
    return WarehouseView.TABLES.stream()
        .filter(spec -> spec.path().equals(path))
        .findFirst()
        .orElseThrow(
            () ->
                BadRequest.notFound(
                    "unknown table \"" + path + "\"; tables are: "
                        + WarehouseView.TABLES.stream().map(TableSpec::path).collect(Collectors.joining(", "))));
  }

  /** The domain named {@code value}; transactions when none is given. */
  public static Domain<?> domain(String value) {
    if (value == null || value.isEmpty()) {
      return Domains.TRANSACTIONS;
    }
    return Domains.all().stream()
        .filter(d -> d.name().equals(value))
        .findFirst()
        .orElseThrow(
            () ->
                BadRequest.badRequest(
                    "domain=" + value + " is not valid: expected one of "
                        + Domains.all().stream().map(Domain::name).collect(Collectors.joining(", "))));
  }

  public static Optional<LocalDate> date(String name, String value) {
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    try {
      if (value.length() == 10) {
        return Optional.of(LocalDate.parse(value));
      }
    } catch (DateTimeParseException e) {
      // answered below
    }
    throw BadRequest.badRequest(name + "=" + value + " is not a date: use YYYY-MM-DD, e.g. 2026-11-22");
  }

  public static Optional<String> currency(String value) {
    return matching("currency", value, CURRENCY, "three capital letters (ISO 4217), e.g. PEN");
  }

  public static Optional<String> stage(String value) {
    return matching("stage", value, STAGE, "one of INGEST, PARSE, VALIDATE, LATE");
  }

  public static Optional<String> service(String value) {
    return matching("service", value, SERVICE, "a service name of letters, digits, '_', '.' and '-', e.g. payments-api");
  }

  public static Optional<String> reason(String value) {
    return matching("reason", value, REASON, "a reason or rule name such as MISSING_FIELD or amount_positive");
  }

  public static int limit(String value, int defaultLimit, int max) {
    if (value == null || value.isEmpty()) {
      return defaultLimit;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1 && limit <= max) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw BadRequest.badRequest("limit=" + value + " is not a number from 1 to " + max);
  }

  private static Optional<String> matching(String name, String value, Pattern pattern, String expected) {
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    if (!pattern.matcher(value).matches()) {
      throw BadRequest.badRequest(name + "=" + value + " is not valid: expected " + expected);
    }
    return Optional.of(value);
  }
}
