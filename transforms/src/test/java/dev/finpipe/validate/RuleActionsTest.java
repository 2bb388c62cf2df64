package dev.finpipe.validate;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class RuleActionsTest {
  private static final String EXPECTED =
      ". Expected rule=ACTION[,rule=ACTION...] with rules transaction_id_format, account_id_present,"
          + " user_id_present, amount_positive, amount_max, currency_iso4217, amount_minor_units, type_known,"
          + " status_known, event_time_not_future and actions [QUARANTINE, DROP, WARN, FAIL]";

  @Test
  public void entriesAreReadInOrderWithBlanksIgnoredAndActionsInAnyCase() {
    Map<String, RuleAction> actions = RuleActions.parse("amount_max=FAIL, type_known = warn ,status_known=Drop", ValidationRules.names());

    assertEquals(
        Map.of("amount_max", RuleAction.FAIL, "type_known", RuleAction.WARN, "status_known", RuleAction.DROP),
        actions);
    assertEquals(List.of("amount_max", "type_known", "status_known"), List.copyOf(actions.keySet()));
  }

  @Test
  public void blankOrNullSpecMeansNoOverrides() {
    assertEquals(Map.of(), RuleActions.parse("", ValidationRules.names()));
    assertEquals(Map.of(), RuleActions.parse("  ", ValidationRules.names()));
    assertEquals(Map.of(), RuleActions.parse(null, ValidationRules.names()));
  }

  @Test
  public void unknownRuleIsRefusedListingTheValidRulesAndActions() {
    assertRefused("amount_maximum=FAIL", "unknown rule \"amount_maximum\"");
  }

  @Test
  public void unknownActionIsRefused() {
    assertRefused("amount_max=EXPLODE", "unknown action \"EXPLODE\"");
  }

  @Test
  public void malformedEntriesAreRefused() {
    assertRefused("amount_max", "entry \"amount_max\" is not rule=ACTION");
    assertRefused("amount_max=FAIL,", "entry \"\" is not rule=ACTION");
    assertRefused("amount_max=FAIL=WARN", "entry \"amount_max=FAIL=WARN\" is not rule=ACTION");
    assertRefused("=FAIL", "unknown rule \"\"");
  }

  @Test
  public void ruleGivenTwiceIsRefused() {
    assertRefused("amount_max=FAIL,amount_max=WARN", "rule amount_max is given twice");
  }

  private static void assertRefused(String spec, String problem) {
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> RuleActions.parse(spec, ValidationRules.names()));
    assertEquals("Bad rule actions \"" + spec + "\": " + problem + EXPECTED, thrown.getMessage());
  }
}
