package dev.finpipe.pipelines.ops;

import dev.finpipe.pipelines.common.Json;
import dev.finpipe.pipelines.ops.AlertsConfig.Delivery;
import dev.finpipe.pipelines.ops.AlertsConfig.Sink;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * POSTs an alert to one sink with retries: a timeout, a connection failure, a 5xx or a 429 is retried with
 * exponential backoff (doubling from {@code initialBackoff} up to {@code maxBackoff}; a {@code Retry-After} of
 * seconds or an HTTP date is waited instead, capped at {@code maxBackoff}), another 4xx is not (the request itself is
 * wrong: a bad token or URL, which another attempt cannot fix), up to {@code attempts} requests. Every request carries
 * the alert's idempotency key in the {@code Idempotency-Key} header and in the body. Errors name the sink, never its
 * URL or token.
 */
final class DeliverAlerts {
  /** How the delivery waits between attempts; tests record the pauses instead of sleeping. */
  interface Sleeper {
    void sleep(Duration pause) throws InterruptedException;
  }

  /** What one delivery to one sink came to. */
  record Outcome(boolean delivered, int attempts, @Nullable String error) {}

  private final HttpClient client;
  private final Delivery budget;
  private final Sleeper sleeper;

  DeliverAlerts(Delivery budget, Sleeper sleeper) {
    this.budget = budget;
    this.sleeper = sleeper;
    this.client = HttpClient.newBuilder()
        .connectTimeout(Duration.ofMillis(budget.timeout().getMillis()))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  Outcome deliver(Alert alert, Sink sink) {
    String body = body(alert, sink);
    Duration backoff = Duration.ofMillis(budget.initialBackoff().getMillis());
    Duration max = Duration.ofMillis(budget.maxBackoff().getMillis());
    String error = null;
    int attempt = 0;
    while (attempt < budget.attempts()) {
      attempt++;
      Duration pause = backoff;
      try {
        HttpResponse<String> response = client.send(request(alert, sink, body), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          return new Outcome(true, attempt, null);
        }
        error = "sink " + sink.name() + " answered HTTP " + status;
        if (status != 429 && status < 500) {
          return new Outcome(false, attempt, error + " (not retried: the request was refused)");
        }
        Duration retryAfter = retryAfter(response.headers().firstValue("Retry-After").orElse(null));
        if (retryAfter != null) {
          pause = retryAfter.compareTo(max) > 0 ? max : retryAfter;
        }
      } catch (IOException e) {
        // The JDK's messages name no URL (e.g. "request timed out", "Connection refused"); the class says which.
        error = "sink " + sink.name() + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Outcome(false, attempt, "sink " + sink.name() + ": interrupted");
      }
      if (attempt < budget.attempts()) {
        try {
          sleeper.sleep(pause);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return new Outcome(false, attempt, error + "; interrupted");
        }
        backoff = backoff.multipliedBy(2).compareTo(max) > 0 ? max : backoff.multipliedBy(2);
      }
    }
    return new Outcome(false, attempt, redact(error, sink) + " (after " + attempt + " attempts)");
  }

  private HttpRequest request(Alert alert, Sink sink, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(sink.url())
        .timeout(Duration.ofMillis(budget.timeout().getMillis()))
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", alert.key())
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (sink.token() != null) {
      request.header("Authorization", "Bearer " + sink.token());
    }
    return request.build();
  }

  /** The webhook's JSON object, or a Slack incoming webhook's {@code {"text": ...}} (the key in the text too). */
  static String body(Alert alert, Sink sink) {
    Map<String, Object> json = new LinkedHashMap<>();
    if (sink.type() == AlertsConfig.SinkType.SLACK) {
      json.put("text", String.format(Locale.ROOT, "[%s] %s: %s\n%s\n(alert %s)", alert.severity().toUpperCase(Locale.ROOT),
          alert.kind(), alert.subject(), alert.message(), alert.key()));
    } else {
      json.put("idempotency_key", alert.key());
      json.put("kind", alert.kind());
      json.put("severity", alert.severity());
      json.put("subject", alert.subject());
      json.put("message", alert.message());
      json.put("raised_at", alert.raisedAt().toString());
    }
    return Json.write(json);
  }

  /** {@code Retry-After} as delay-seconds or an HTTP date; null when absent or unreadable. */
  static @Nullable Duration retryAfter(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    if (v.chars().allMatch(Character::isDigit)) {
      return Duration.ofSeconds(Long.parseLong(v));
    }
    try {
      Duration d = Duration.between(java.time.Instant.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
      return d.isNegative() ? Duration.ZERO : d;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Belt and braces: whatever an exception said, the sink's URL and token do not reach a log or a table. */
  static String redact(String text, Sink sink) {
    String out = text.replace(sink.url().toString(), "<" + sink.name() + " url>");
    if (sink.url().getRawPath() != null && sink.url().getRawPath().length() > 1) {
      out = out.replace(sink.url().getRawPath(), "<path>");
    }
    return sink.token() == null ? out : out.replace(sink.token(), "<token>");
  }
}
