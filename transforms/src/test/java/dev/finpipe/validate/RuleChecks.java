package dev.finpipe.validate;

import static org.junit.Assert.assertEquals;

import dev.finpipe.model.DomainRecord;
import dev.finpipe.model.FailedRecord;
import dev.finpipe.testing.Counters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.PipelineResult;

/** What the rule tests of every domain check the same way: quarantine rows of broken rules, then every counter. */
final class RuleChecks {
  private RuleChecks() {}

  /** The quarantine row of {@code record} breaking {@code broken} of {@code rules}, all quarantining. */
  static FailedRecord quarantined(Map<String, String> rules, DomainRecord record, String... broken) {
    String error =
        "broke " + Stream.of(broken).map(name -> name + ": " + rules.get(name)).collect(Collectors.joining("; "));
    return FailedRecord.of(FailedRecord.Stage.VALIDATE, List.of(broken), error, record);
  }

  /**
   * Every counter of {@link ValidateRecords} for {@code records} records checked against {@code rules}: each rule
   * failed as {@code failed} says (0 when not named) and passed by the other records; then the records' outcomes.
   */
  static Map<String, Long> counters(
      Map<String, String> rules, long records, Map<String, Long> failed, long valid, long quarantined, long dropped) {
    assertEquals("unknown rules in " + failed, List.of(), failed.keySet().stream()
        .filter(name -> !rules.containsKey(name)).collect(Collectors.toList()));
    Map<String, Long> expected = new TreeMap<>();
    for (String rule : rules.keySet()) {
      long failures = failed.getOrDefault(rule, 0L);
      expected.put("rule_" + rule + "_passed", records - failures);
      expected.put("rule_" + rule + "_failed", failures);
    }
    expected.put("valid", valid);
    expected.put("quarantined", quarantined);
    expected.put("dropped", dropped);
    return expected;
  }

  static void assertCounters(PipelineResult run, Map<String, Long> expected) {
    assertEquals(expected, Counters.values(run, ValidateRecords.class, expected.keySet()));
  }

  /** Rule names and descriptions, in the order given. */
  static Map<String, String> ordered(String... namesAndDescriptions) {
    Map<String, String> rules = new LinkedHashMap<>();
    for (int i = 0; i < namesAndDescriptions.length; i += 2) {
      rules.put(namesAndDescriptions[i], namesAndDescriptions[i + 1]);
    }
    return rules;
  }
}
