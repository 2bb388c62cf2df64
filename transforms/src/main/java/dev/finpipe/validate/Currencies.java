package dev.finpipe.validate;

import java.util.Map;
import java.util.OptionalInt;

/** Active ISO 4217 alpha-3 currency codes and their minor units (digits after the decimal point). */
public final class Currencies {
  private static final Map<String, Integer> MINOR_UNITS =
      Map.ofEntries(
          Map.entry("AED", 2), Map.entry("ARS", 2), Map.entry("AUD", 2), Map.entry("BHD", 3), Map.entry("BOB", 2),
          Map.entry("BRL", 2), Map.entry("CAD", 2), Map.entry("CHF", 2), Map.entry("CLP", 0), Map.entry("CNY", 2),
          Map.entry("COP", 2), Map.entry("CRC", 2), Map.entry("CZK", 2), Map.entry("DKK", 2), Map.entry("DOP", 2),
          Map.entry("EUR", 2), Map.entry("GBP", 2), Map.entry("GTQ", 2), Map.entry("HKD", 2), Map.entry("HNL", 2),
          Map.entry("HUF", 2), Map.entry("IDR", 2), Map.entry("ILS", 2), Map.entry("INR", 2), Map.entry("IQD", 3),
          Map.entry("ISK", 0), Map.entry("JOD", 3), Map.entry("JPY", 0), Map.entry("KRW", 0), Map.entry("KWD", 3),
          Map.entry("LYD", 3), Map.entry("MXN", 2), Map.entry("MYR", 2), Map.entry("NIO", 2), Map.entry("NOK", 2),
          Map.entry("NZD", 2), Map.entry("OMR", 3), Map.entry("PAB", 2), Map.entry("PEN", 2), Map.entry("PHP", 2),
          Map.entry("PLN", 2), Map.entry("PYG", 0), Map.entry("QAR", 2), Map.entry("RON", 2), Map.entry("SAR", 2),
          Map.entry("SEK", 2), Map.entry("SGD", 2), Map.entry("THB", 2), Map.entry("TND", 3), Map.entry("TRY", 2),
          Map.entry("TWD", 2), Map.entry("UAH", 2), Map.entry("USD", 2), Map.entry("UYU", 2), Map.entry("VND", 0),
          Map.entry("ZAR", 2));

  private Currencies() {}

  public static boolean isKnown(String code) {
    return code != null && MINOR_UNITS.containsKey(code);
  }

  public static OptionalInt minorUnits(String code) {
    Integer digits = code == null ? null : MINOR_UNITS.get(code);
    return digits == null ? OptionalInt.empty() : OptionalInt.of(digits);
  }
}
