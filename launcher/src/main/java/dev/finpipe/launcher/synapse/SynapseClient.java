package dev.finpipe.launcher.synapse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finpipe.launcher.auth.TokenSource;
import dev.finpipe.launcher.control.CallLimits;
import dev.finpipe.launcher.plan.Durations;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Synapse data-plane calls the launcher makes (api-version {@value #API_VERSION}), on the JDK's HTTP client.
 *
 * <p>Every call retries transient answers itself (429 after its Retry-After, 408/5xx/network with {@link Backoff}),
 * within its {@link CallLimits}. What differs is whether a request may be <em>sent again</em>: reads and cancels
 * may; createRun may only when the failure proves no run was created (no connection, or an error status). A
 * createRun whose answer is lost fails with {@link SynapseException.Reason#AMBIGUOUS} and {@link RunStarter} decides.
 */
public final class SynapseClient {
  private static final Logger LOG = LoggerFactory.getLogger(SynapseClient.class);
  public static final String API_VERSION = "2020-12-01";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_QUERY_PAGES = 20;

  /** @param requestTimeout how long one HTTP exchange may take before it counts as lost */
  public record Settings(Duration requestTimeout, Backoff backoff) {}

  private final URI endpoint;
  private final TokenSource tokens;
  private final Settings settings;
  private final HttpClient http;

  public SynapseClient(URI endpoint, TokenSource tokens, Settings settings) {
    this.endpoint = URI.create(endpoint.toString().replaceAll("/+$", ""));
    this.tokens = tokens;
    this.settings = settings;
    Duration connect = settings.requestTimeout().compareTo(Duration.ofSeconds(10)) < 0
        ? settings.requestTimeout() : Duration.ofSeconds(10);
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connect)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  public URI endpoint() {
    return endpoint;
  }

  /** Starts a run; returns its runId. Sent again only where no run can have been created. */
  public String createRun(String pipeline, ObjectNode parameters, CallLimits limits) {
    String what = "createRun of " + pipeline;
    HttpResponse<String> response = exchange(what, post("/pipelines/" + segment(pipeline) + "/createRun", "",
        parameters), false, limits);
    String runId = read(response).path("runId").asText("");
    if (runId.isEmpty()) {
      // The service accepted the request, so a run may exist: the same doubt as a lost answer.
      throw new SynapseException(SynapseException.Reason.AMBIGUOUS, what + ": HTTP " + response.statusCode()
          + " without a runId", response.statusCode(), null, null);
    }
    return runId;
  }

  public PipelineRun getRun(String runId, CallLimits limits) {
    HttpResponse<String> response = exchange("status of run " + runId,
        () -> request("/pipelineruns/" + segment(runId), "").GET().build(), true, limits);
    return convert(read(response), PipelineRun.class);
  }

  /** Asks Synapse to cancel the run and the pipelines it started ({@code isRecursive=true}). */
  public void cancelRun(String runId, CallLimits limits) {
    exchange("cancel of run " + runId, post("/pipelineruns/" + segment(runId) + "/cancel", "&isRecursive=true",
        JSON.createObjectNode()), true, limits);
  }

  /** The failed activities of a run, with their error codes and messages. */
  public List<ActivityFailure> failedActivities(String pipeline, String runId, Instant after, Instant before,
      CallLimits limits) {
    ObjectNode filter = window(after, before);
    JsonNode body = read(exchange("activity runs of run " + runId,
        post("/pipelines/" + segment(pipeline) + "/pipelineruns/" + segment(runId) + "/queryActivityruns", "",
            filter), true, limits));
    List<ActivityFailure> failures = new ArrayList<>();
    for (JsonNode activity : body.path("value")) {
      if (RunStatus.parse(activity.path("status").asText()) == RunStatus.FAILED) {
        JsonNode error = activity.path("error");
        failures.add(new ActivityFailure(activity.path("activityName").asText(""),
            activity.path("activityType").asText(""), error.path("errorCode").asText(""),
            error.path("message").asText("")));
      }
    }
    return failures;
  }

  /** Runs of {@code pipeline} updated in [after, before], every page. */
  public List<PipelineRun> queryRuns(String pipeline, Instant after, Instant before, CallLimits limits) {
    List<PipelineRun> runs = new ArrayList<>();
    String continuation = null;
    for (int page = 0; page < MAX_QUERY_PAGES; page++) {
      ObjectNode filter = window(after, before);
      ObjectNode byName = filter.putArray("filters").addObject();
      byName.put("operand", "PipelineName").put("operator", "Equals").putArray("values").add(pipeline);
      if (continuation != null) {
        filter.put("continuationToken", continuation);
      }
      JsonNode body = read(exchange("query of runs of " + pipeline, post("/queryPipelineRuns", "", filter), true,
          limits));
      body.path("value").forEach(run -> runs.add(convert(run, PipelineRun.class)));
      continuation = body.path("continuationToken").asText(null);
      if (continuation == null || continuation.isEmpty()) {
        break;
      }
    }
    return runs;
  }

  /**
   * Sends until a 2xx answer, retrying transient failures within {@code limits}. With {@code resendable} false a
   * network failure after the request may have left is not retried but reported as AMBIGUOUS.
   */
  private HttpResponse<String> exchange(String what, RequestFactory request, boolean resendable,
      CallLimits limits) {
    for (int attempt = 0; ; attempt++) {
      Duration wait;
      String problem;
      int status = 0;
      String code = null;
      try {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        status = response.statusCode();
        if (status / 100 == 2) {
          return response;
        }
        JsonNode error = readQuietly(response.body()).path("error");
        code = error.path("code").asText(null);
        problem = "HTTP " + status + (code == null ? "" : " " + code) + ": "
            + error.path("message").asText(abbreviate(response.body()));
        // An error status means the service answered without creating anything, so even createRun may resend.
        if (status == 429) {
          wait = RetryAfter.from(response.headers(), limits.clock()).orElse(settings.backoff().delay(attempt));
        } else if (status == 408 || status >= 500) {
          wait = settings.backoff().delay(attempt);
        } else {
          throw new SynapseException(SynapseException.Reason.REJECTED, what + " refused: " + problem, status, code,
              null);
        }
      } catch (ConnectException | HttpConnectTimeoutException e) {
        // No connection was made, so nothing reached Synapse: safe to send again, createRun included.
        problem = "no connection to " + endpoint + " (" + describe(e) + ")";
        wait = settings.backoff().delay(attempt);
      } catch (IOException e) {
        if (!resendable) {
          throw new SynapseException(SynapseException.Reason.AMBIGUOUS, what + ": request sent but no answer ("
              + describe(e) + ")", 0, null, e);
        }
        problem = "network error (" + describe(e) + ")";
        wait = settings.backoff().delay(attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SynapseException(SynapseException.Reason.STOPPED, what + ": interrupted", 0, null, e);
      }
      Duration left = limits.remaining();
      if (wait.compareTo(left) > 0) {
        throw new SynapseException(SynapseException.Reason.GAVE_UP, what + " failed: " + problem
            + "; no time left to try again (" + Durations.format(left) + " before the deadline)", status, code,
            null);
      }
      LOG.warn("{}: {}; trying again in {}", what, problem, Durations.format(wait));
      if (!limits.stop().sleep(wait)) {
        throw new SynapseException(SynapseException.Reason.STOPPED, what + ": abandoned, the launcher is stopping"
            + " (last error: " + problem + ")", status, code, null);
      }
    }
  }

  /** Builds a fresh request per try: the token may have been refreshed in between. */
  private interface RequestFactory {
    HttpRequest build();
  }

  private RequestFactory post(String path, String extraQuery, JsonNode body) {
    return () -> request(path, extraQuery)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
  }

  private HttpRequest.Builder request(String path, String extraQuery) {
    return HttpRequest.newBuilder(URI.create(endpoint + path + "?api-version=" + API_VERSION + extraQuery))
        .timeout(settings.requestTimeout())
        .header("Accept", "application/json")
        .header("Authorization", "Bearer " + tokens.bearerToken());
  }

  private static ObjectNode window(Instant after, Instant before) {
    ObjectNode filter = JSON.createObjectNode();
    filter.put("lastUpdatedAfter", after.toString());
    filter.put("lastUpdatedBefore", before.toString());
    return filter;
  }

  private static JsonNode read(HttpResponse<String> response) {
    return readQuietly(response.body());
  }

  private static JsonNode readQuietly(String body) {
    try {
      return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static <T> T convert(JsonNode node, Class<T> type) {
    return JSON.convertValue(node, type);
  }

  private static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String describe(Exception e) {
    return Optional.ofNullable(e.getMessage()).filter(m -> !m.isBlank()).orElse(e.getClass().getSimpleName());
  }

  private static String abbreviate(String body) {
    String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").trim();
    return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
  }
}
