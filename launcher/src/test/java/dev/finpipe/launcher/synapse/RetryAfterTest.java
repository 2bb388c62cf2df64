package dev.finpipe.launcher.synapse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;

public class RetryAfterTest {
  private static final Clock NOW = Clock.fixed(Instant.parse("2024-06-01T10:00:00Z"), ZoneOffset.UTC);

  @Test
  public void secondsDateAndMillisecondForms() {
    assertThat(RetryAfter.from(headers(Map.of("Retry-After", "7")), NOW), equalTo(Optional.of(
        Duration.ofSeconds(7))));
    assertThat(RetryAfter.from(headers(Map.of("Retry-After", "Sat, 01 Jun 2024 10:00:30 GMT")), NOW),
        equalTo(Optional.of(Duration.ofSeconds(30))));
    assertThat(RetryAfter.from(headers(Map.of("Retry-After", "Sat, 01 Jun 2024 09:00:00 GMT")), NOW),
        equalTo(Optional.of(Duration.ZERO)));
    assertThat(RetryAfter.from(headers(Map.of("x-ms-retry-after-ms", "250")), NOW), equalTo(Optional.of(
        Duration.ofMillis(250))));
  }

  @Test
  public void theMillisecondHeaderWinsOverSeconds() {
    assertThat(RetryAfter.from(headers(Map.of("Retry-After", "2", "retry-after-ms", "40")), NOW),
        equalTo(Optional.of(Duration.ofMillis(40))));
  }

  @Test
  public void noneOrGarbageGivesNothing() {
    assertThat(RetryAfter.from(headers(Map.of()), NOW), equalTo(Optional.empty()));
    assertThat(RetryAfter.from(headers(Map.of("Retry-After", "soon")), NOW), equalTo(Optional.empty()));
    assertThat(RetryAfter.from(headers(Map.of("Retry-After", "-3")), NOW), equalTo(Optional.empty()));
  }

  private static HttpHeaders headers(Map<String, String> values) {
    Map<String, List<String>> multi = new HashMap<>();
    values.forEach((k, v) -> multi.put(k, List.of(v)));
    return HttpHeaders.of(multi, (k, v) -> true);
  }
}
