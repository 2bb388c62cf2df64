package dev.finpipe.launcher.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.finpipe.launcher.emulator.PipelineScript.Fault;
import dev.finpipe.launcher.emulator.PipelineScript.RunScript;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for the Synapse data plane (api-version 2020-12-01) on {@code com.sun.net.httpserver}, bound to
 * 127.0.0.1 only. It implements the calls the launcher makes (createRun, get run, cancel, queryActivityruns,
 * queryPipelineRuns) with per-pipeline {@link PipelineScript scripts}, checks the bearer token on every request, and
 * records what it saw, so tests can assert the exact calls: how many createRuns per pipeline, in which order, which
 * runs were cancelled.
 */
public final class SynapseEmulator implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CREATE_RUN = Pattern.compile("/pipelines/([^/]+)/createRun");
  private static final Pattern GET_RUN = Pattern.compile("/pipelineruns/([^/]+)");
  private static final Pattern CANCEL = Pattern.compile("/pipelineruns/([^/]+)/cancel");
  private static final Pattern ACTIVITIES = Pattern.compile("/pipelines/([^/]+)/pipelineruns/([^/]+)/queryActivityruns");
  private static final String QUERY_RUNS = "/queryPipelineRuns";
  /** How long a held createRun answer waits: far longer than any test's request timeout. */
  private static final Duration HOLD = Duration.ofSeconds(30);

  /** One request as received. */
  public record Request(String method, String path, boolean authorized, Instant at) {}

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "synapse-emulator");
    t.setDaemon(true);
    return t;
  });
  private final String token;
  private final Clock clock = Clock.systemUTC();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final Object lock = new Object();
  private final Map<String, PipelineScript> scripts = new HashMap<>();
  private final Map<String, List<Fault>> createFaults = new HashMap<>();
  private final Map<String, List<Fault>> statusFaults = new HashMap<>();
  private final Map<String, Integer> createRuns = new HashMap<>();
  private final Map<String, Run> runs = new LinkedHashMap<>();
  private final List<String> events = new ArrayList<>();
  private final List<Request> requests = new ArrayList<>();
  private PipelineScript fallback = PipelineScript.succeedAfterPolls(1);
  private int nextRun = 1;

  /** A run the emulator created. */
  private static final class Run {
    final String id;
    final String pipeline;
    final JsonNode parameters;
    final RunScript script;
    final Instant start;
    Instant lastUpdated;
    String status = "Queued";
    int polls;
    int cancelPolls = -1;

    Run(String id, String pipeline, JsonNode parameters, RunScript script, Instant start) {
      this.id = id;
      this.pipeline = pipeline;
      this.parameters = parameters;
      this.script = script;
      this.start = start;
      this.lastUpdated = start;
    }
  }

  private SynapseEmulator(int port, String token) throws IOException {
    this.token = token;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * Starts on 127.0.0.1:{@code port} ({@code 0}: any free port).
   *
   * @param token the bearer token every request must carry, or {@code null} to accept any token (but not none)
   */
  public static SynapseEmulator start(int port, String token) throws IOException {
    return new SynapseEmulator(port, token);
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public SynapseEmulator script(String pipeline, PipelineScript script) {
    synchronized (lock) {
      scripts.put(pipeline, script);
      createFaults.put(pipeline, script.createRunFaults());
      statusFaults.put(pipeline, script.statusFaults());
    }
    return this;
  }

  /** The script of pipelines without one of their own. */
  public SynapseEmulator fallback(PipelineScript script) {
    synchronized (lock) {
      fallback = script;
    }
    return this;
  }

  /** createRun requests that created a run (faults and rejections not counted). */
  public int createRunCount(String pipeline) {
    synchronized (lock) {
      return createRuns.getOrDefault(pipeline, 0);
    }
  }

  /** The runIds created for {@code pipeline}, oldest first. */
  public List<String> runIds(String pipeline) {
    synchronized (lock) {
      return runs.values().stream().filter(r -> r.pipeline.equals(pipeline)).map(r -> r.id).toList();
    }
  }

  public String status(String runId) {
    synchronized (lock) {
      return runs.get(runId).status;
    }
  }

  public JsonNode parameters(String runId) {
    synchronized (lock) {
      return runs.get(runId).parameters.deepCopy();
    }
  }

  /**
   * What happened, in order: {@code create <pipeline> <runId>}, {@code <Status> <runId>} the first time a GET showed
   * a final status, {@code cancel <runId>}, {@code reject createRun <pipeline> <status>}.
   */
  public List<String> events() {
    synchronized (lock) {
      return List.copyOf(events);
    }
  }

  public List<Request> requests() {
    synchronized (lock) {
      return List.copyOf(requests);
    }
  }

  /** Waits (bounded) until {@code runId}'s status has been read {@code polls} times; false on timeout. */
  public boolean awaitPolls(String pipeline, int polls, Duration timeout) throws InterruptedException {
    Instant until = clock.instant().plus(timeout);
    while (clock.instant().isBefore(until)) {
      synchronized (lock) {
        if (runs.values().stream().anyMatch(r -> r.pipeline.equals(pipeline) && r.polls >= polls)) {
          return true;
        }
        lock.wait(20);
      }
    }
    return false;
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    threads.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      boolean authorized = auth != null && auth.startsWith("Bearer ") && auth.length() > "Bearer ".length()
          && (token == null || auth.equals("Bearer " + token));
      synchronized (lock) {
        requests.add(new Request(exchange.getRequestMethod(), path, authorized, clock.instant()));
        lock.notifyAll();
      }
      if (!authorized) {
        error(exchange, 401, "AuthenticationFailed", auth == null
            ? "The request has no bearer token." : "The bearer token is not valid for this workspace.", null);
        return;
      }
      if (!"2020-12-01".equals(query(exchange).get("api-version"))) {
        error(exchange, 400, "InvalidApiVersion", "api-version must be 2020-12-01", null);
        return;
      }
      JsonNode body = readBody(exchange);
      Matcher m;
      if ("POST".equals(exchange.getRequestMethod()) && (m = CREATE_RUN.matcher(path)).matches()) {
        createRun(exchange, decode(m.group(1)), body);
      } else if ("POST".equals(exchange.getRequestMethod()) && (m = CANCEL.matcher(path)).matches()) {
        cancel(exchange, decode(m.group(1)));
      } else if ("POST".equals(exchange.getRequestMethod()) && (m = ACTIVITIES.matcher(path)).matches()) {
        activities(exchange, decode(m.group(2)));
      } else if ("POST".equals(exchange.getRequestMethod()) && QUERY_RUNS.equals(path)) {
        queryRuns(exchange, body);
      } else if ("GET".equals(exchange.getRequestMethod()) && (m = GET_RUN.matcher(path)).matches()) {
        getRun(exchange, decode(m.group(1)));
      } else {
        error(exchange, 404, "NotFound", "No such operation: " + exchange.getRequestMethod() + " " + path, null);
      }
    }
  }

  private void createRun(HttpExchange exchange, String pipeline, JsonNode parameters) throws IOException {
    Fault fault;
    PipelineScript.Answer answer;
    Run run = null;
    synchronized (lock) {
      PipelineScript script = scripts.getOrDefault(pipeline, fallback);
      List<Fault> faults = createFaults.computeIfAbsent(pipeline, p -> fallback.createRunFaults());
      fault = faults.isEmpty() ? null : faults.remove(0);
      int index = createRuns.getOrDefault(pipeline, 0);
      answer = index == 0 && fault == null ? script.firstAnswer() : PipelineScript.Answer.NORMAL;
      if (fault != null) {
        events.add("reject createRun " + pipeline + " " + fault.status());
      } else if (answer != PipelineScript.Answer.HOLD_WITHOUT_CREATING) {
        run = new Run("run-" + nextRun++, pipeline, parameters, script.run(index), clock.instant());
        runs.put(run.id, run);
        createRuns.merge(pipeline, 1, Integer::sum);
        events.add("create " + pipeline + " " + run.id);
      } else {
        events.add("lost createRun " + pipeline);
      }
      lock.notifyAll();
    }
    if (fault != null) {
      error(exchange, fault.status(), fault.code(), "Scripted fault", fault.retryAfter());
      return;
    }
    if (answer != PipelineScript.Answer.NORMAL) {
      hold();
      if (answer == PipelineScript.Answer.HOLD_WITHOUT_CREATING) {
        return;
      }
    }
    ObjectNode out = JSON.createObjectNode().put("runId", run.id);
    send(exchange, 202, out);
  }

  private void getRun(HttpExchange exchange, String runId) throws IOException {
    ObjectNode out;
    Fault fault = null;
    synchronized (lock) {
      Run run = runs.get(runId);
      if (run == null) {
        out = null;
      } else {
        List<Fault> faults = statusFaults.getOrDefault(run.pipeline, new ArrayList<>());
        if (!faults.isEmpty()) {
          fault = faults.remove(0);
          out = null;
        } else {
          advance(run);
          out = describe(run);
        }
      }
      lock.notifyAll();
    }
    if (fault != null) {
      error(exchange, fault.status(), fault.code(), "Scripted fault", fault.retryAfter());
    } else if (out == null) {
      error(exchange, 404, "PipelineRunNotFound", "No run " + runId, null);
    } else {
      send(exchange, 200, out);
    }
  }

  /** One more poll of {@code run}: moves it along its script, or along Canceling -> Cancelled once cancelled. */
  private void advance(Run run) {
    run.polls++;
    String before = run.status;
    if (isFinal(before)) {
      return;
    }
    if (run.cancelPolls >= 0) {
      run.cancelPolls++;
      run.status = run.cancelPolls == 1 ? "Canceling" : "Cancelled";
    } else {
      run.status = run.script.statusAt(run.polls);
    }
    if (!run.status.equals(before)) {
      run.lastUpdated = clock.instant();
      if (isFinal(run.status)) {
        events.add(run.status + " " + run.id);
      }
    }
  }

  private void cancel(HttpExchange exchange, String runId) throws IOException {
    boolean known;
    synchronized (lock) {
      Run run = runs.get(runId);
      known = run != null;
      if (known) {
        events.add("cancel " + runId);
        if (!isFinal(run.status) && run.cancelPolls < 0) {
          run.cancelPolls = 0;
        }
      }
    }
    if (known) {
      send(exchange, 200, JSON.createObjectNode());
    } else {
      error(exchange, 404, "PipelineRunNotFound", "No run " + runId, null);
    }
  }

  private void activities(HttpExchange exchange, String runId) throws IOException {
    ArrayNode value = JSON.createArrayNode();
    synchronized (lock) {
      Run run = runs.get(runId);
      if (run != null) {
        value.addObject().put("activityName", "Lookup watermark").put("activityType", "Lookup")
            .put("status", "Succeeded").putObject("error").put("errorCode", "").put("message", "");
        if ("Failed".equals(run.status)) {
          ObjectNode failed = value.addObject().put("activityName", "Copy " + run.pipeline)
              .put("activityType", "Copy").put("status", "Failed");
          failed.putObject("error").put("errorCode", run.script.errorCode())
              .put("message", run.script.errorMessage()).put("failureType", "UserError")
              .put("target", "Copy " + run.pipeline);
        }
      }
    }
    send(exchange, 200, JSON.createObjectNode().set("value", value));
  }

  private void queryRuns(HttpExchange exchange, JsonNode filter) throws IOException {
    Instant after = Instant.parse(filter.path("lastUpdatedAfter").asText());
    Instant before = Instant.parse(filter.path("lastUpdatedBefore").asText());
    List<String> names = new ArrayList<>();
    for (JsonNode f : filter.path("filters")) {
      if ("PipelineName".equals(f.path("operand").asText()) && "Equals".equals(f.path("operator").asText())) {
        f.path("values").forEach(v -> names.add(v.asText()));
      }
    }
    ArrayNode value = JSON.createArrayNode();
    synchronized (lock) {
      for (Run run : runs.values()) {
        if ((names.isEmpty() || names.contains(run.pipeline))
            && !run.lastUpdated.isBefore(after) && !run.lastUpdated.isAfter(before)) {
          value.add(describe(run));
        }
      }
    }
    send(exchange, 200, JSON.createObjectNode().set("value", value));
  }

  private ObjectNode describe(Run run) {
    ObjectNode out = JSON.createObjectNode()
        .put("runId", run.id)
        .put("pipelineName", run.pipeline)
        .put("status", run.status)
        .put("message", "Failed".equals(run.status) ? "Operation on target Copy " + run.pipeline + " failed" : "")
        .put("runStart", run.start.toString())
        .put("lastUpdated", run.lastUpdated.toString());
    if (isFinal(run.status)) {
      out.put("runEnd", run.lastUpdated.toString());
      out.put("durationInMs", Duration.between(run.start, run.lastUpdated).toMillis());
    }
    out.set("parameters", run.parameters);
    return out;
  }

  private void hold() {
    try {
      closing.await(HOLD.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean isFinal(String status) {
    return "Succeeded".equals(status) || "Failed".equals(status) || "Cancelled".equals(status);
  }

  private static void error(HttpExchange exchange, int status, String code, String message, Duration retryAfter)
      throws IOException {
    if (retryAfter != null) {
      // Both forms, as Azure sends them; the launcher takes the finer one (tests stay in milliseconds).
      exchange.getResponseHeaders().add("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds())));
      exchange.getResponseHeaders().add("x-ms-retry-after-ms", Long.toString(retryAfter.toMillis()));
    }
    ObjectNode body = JSON.createObjectNode();
    body.putObject("error").put("code", code).put("message", message);
    send(exchange, status, body);
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static JsonNode readBody(HttpExchange exchange) throws IOException {
    byte[] bytes = exchange.getRequestBody().readAllBytes();
    return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
  }

  private static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> out = new HashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          out.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
        }
      }
    }
    return out;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** The first run of {@code pipeline}, if any. */
  public Optional<String> firstRunId(String pipeline) {
    return runIds(pipeline).stream().findFirst();
  }
}
