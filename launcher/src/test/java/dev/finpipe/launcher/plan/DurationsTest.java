package dev.finpipe.launcher.plan;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.Assert.assertThrows;

import java.time.Duration;
import org.junit.Test;

public class DurationsTest {

  @Test
  public void unitsAndSumsParse() {
    assertThat(Durations.parse("250ms"), equalTo(Duration.ofMillis(250)));
    assertThat(Durations.parse("30s"), equalTo(Duration.ofSeconds(30)));
    assertThat(Durations.parse("5m"), equalTo(Duration.ofMinutes(5)));
    assertThat(Durations.parse("1h"), equalTo(Duration.ofHours(1)));
    assertThat(Durations.parse("2d"), equalTo(Duration.ofDays(2)));
    assertThat(Durations.parse("1h30m"), equalTo(Duration.ofMinutes(90)));
    assertThat(Durations.parse(" 10s "), equalTo(Duration.ofSeconds(10)));
  }

  @Test
  public void bareNumbersAndUnknownUnitsAreRefused() {
    IllegalArgumentException bare = assertThrows(IllegalArgumentException.class, () -> Durations.parse("30"));
    assertThat(bare.getMessage(), equalTo(
        "'30' is not a duration: write a number and a unit (ms, s, m, h, d), e.g. 250ms, 30s, 5m, 1h"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("5 minutes"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("-5s"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse(""));
  }

  @Test
  public void formatIsShortAndHuman() {
    assertThat(Durations.format(Duration.ofMillis(250)), equalTo("250ms"));
    assertThat(Durations.format(Duration.ofMillis(4_250)), equalTo("4.3s"));
    assertThat(Durations.format(Duration.ofSeconds(30)), equalTo("30s"));
    assertThat(Durations.format(Duration.ofSeconds(185)), equalTo("3m05s"));
    assertThat(Durations.format(Duration.ofMinutes(130)), equalTo("2h10m"));
  }
}
