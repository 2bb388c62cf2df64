package dev.finpipe.validate;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * The ISO 4217 alpha-3 codes FinPipe accepts, with their minor units (decimal places), in one place. The list holds
 * the active national and regional currencies (ISO 4217 list one); fund codes (such as CLF, USN), precious metals,
 * SDR, testing codes and withdrawn currencies are left out on purpose. Codes are matched exactly (upper case).
 */
public final class Currencies {
  private static final String ZERO_DECIMALS = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF";

  private static final String THREE_DECIMALS = "BHD IQD JOD KWD LYD OMR TND";

  private static final String TWO_DECIMALS =
      "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CNY"
          + " COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR"
          + " ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK"
          + " MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP"
          + " SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD UYU UZS VED VES WST XCD XCG YER"
          + " ZAR ZMW ZWG";

  private static final Map<String, Integer> MINOR_UNITS = minorUnits();

  private Currencies() {}

  public static boolean isKnown(String code) {
    return MINOR_UNITS.containsKey(code);
  }

  /** The number of decimal places the currency allows, or empty for an unknown code. */
  public static OptionalInt minorUnits(String code) {
    Integer units = MINOR_UNITS.get(code);
    return units == null ? OptionalInt.empty() : OptionalInt.of(units);
  }

  /** Every known code, in alphabetical order. */
  public static Set<String> codes() {
    return MINOR_UNITS.keySet();
  }

  private static Map<String, Integer> minorUnits() {
    Map<String, Integer> units = new TreeMap<>();
    Map.of(0, ZERO_DECIMALS, 2, TWO_DECIMALS, 3, THREE_DECIMALS)
        .forEach((decimals, codes) -> Arrays.stream(codes.split(" ")).forEach(code -> units.put(code, decimals)));
    return Collections.unmodifiableMap(units);
  }
}
