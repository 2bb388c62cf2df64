package dev.finpipe.validate;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.OptionalInt;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class ValidationRulesTest {
  @Test
  public void standardRulesAreNamedAndOrdered() {
    assertEquals(
        List.of(
            "transaction_id_format",
            "account_id_present",
            "user_id_present",
            "amount_positive",
            "amount_max",
            "currency_iso4217",
            "amount_minor_units",
            "type_known",
            "status_known",
            "event_time_not_future"),
        ValidationRules.names());
  }

  @Test
  public void everyRuleHasAOneLineDescription() {
    for (ValidationRule rule : ValidationRules.standard()) {
      assertFalse(rule.getName(), rule.getDescription().isBlank() || rule.getDescription().contains("\n"));
    }
  }

  @Test
  public void contractCurrenciesAreKnownWithTheirMinorUnits() {
    String[] codes = {"PEN", "USD", "EUR", "JPY", "GBP", "BRL", "CLP", "COP", "MXN", "KWD"};
    int[] minorUnits = {2, 2, 2, 0, 2, 2, 0, 2, 2, 3};
    for (int i = 0; i < codes.length; i++) {
      assertEquals(codes[i], OptionalInt.of(minorUnits[i]), Currencies.minorUnits(codes[i]));
    }
  }

  @Test
  public void lowerCaseFundsMetalsAndMadeUpCodesAreUnknown() {
    for (String code : List.of("pen", "Usd", "XAU", "XXX", "CLF", "ABC", "")) {
      assertFalse(code, Currencies.isKnown(code));
      assertEquals(code, OptionalInt.empty(), Currencies.minorUnits(code));
    }
  }

  @Test
  public void everyCodeIsThreeCapitalLetters() {
    assertTrue(Currencies.codes().size() > 150);
    for (String code : Currencies.codes()) {
      assertTrue(code, code.matches("[A-Z]{3}"));
    }
  }
}
