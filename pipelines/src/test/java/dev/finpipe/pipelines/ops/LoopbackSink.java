package dev.finpipe.pipelines.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * An in-process HTTP receiver on loopback that fails on purpose: per idempotency key, a script of answers for its
 * first requests ({@code 500}, {@code 429}, {@link #TIMEOUT} — answered only after the client gave up), then 200. It
 * keeps every raw receipt, and processes a key only the first time it accepts it (a receiver that dedupes by
 * {@code Idempotency-Key}), answering 200 to a repeat without processing it again.
 */
final class LoopbackSink implements AutoCloseable {
  /** Answer after {@link #timeoutDelayMillis}, longer than the client's timeout. */
  static final int TIMEOUT = -1;

  /** One request as received. */
  record Receipt(String path, String key, String authorization, String body, int answered) {}

  private final HttpServer server;
  private final Map<String, Deque<Integer>> scripts = new LinkedHashMap<>();
  private final List<Receipt> receipts = new ArrayList<>();
  private final Map<String, Integer> processed = new LinkedHashMap<>();
  private final Map<String, Integer> accepted = new LinkedHashMap<>();
  private volatile int always = 0;
  private final long timeoutDelayMillis;

  LoopbackSink(long timeoutDelayMillis) throws IOException {
    this.timeoutDelayMillis = timeoutDelayMillis;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** The answers to {@code key}'s first requests, in order; then 200. */
  synchronized LoopbackSink script(String key, Integer... answers) {
    scripts.put(key, new ArrayDeque<>(List.of(answers)));
    return this;
  }

  /** Every request gets {@code status} (0: back to the scripts). */
  LoopbackSink always(int status) {
    this.always = status;
    return this;
  }

  synchronized List<Receipt> receipts() {
    return List.copyOf(receipts);
  }

  /** Times each key was accepted (answered 200, late or not), repeats included. */
  synchronized Map<String, Integer> accepted() {
    return Map.copyOf(accepted);
  }

  /** Times each key was processed (accepted for the first time): the receiver's dedupe. */
  synchronized Map<String, Integer> processed() {
    return Map.copyOf(processed);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    int answer;
    synchronized (this) {
      Deque<Integer> script = scripts.get(key);
      answer = always != 0 ? always : script == null || script.isEmpty() ? 200 : script.poll();
      receipts.add(new Receipt(exchange.getRequestURI().getPath(), key, auth, body, answer));
      if (answer == 200 || answer == TIMEOUT) {
        // A late answer is work done that the client never saw acknowledged: the case a resend comes from.
        accepted.merge(key, 1, Integer::sum);
        if (!processed.containsKey(key)) { // the dedupe: a repeat of an accepted key is acknowledged, not processed
          processed.put(key, 1);
        }
      }
    }
    if (answer == TIMEOUT) {
      try {
        Thread.sleep(timeoutDelayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      answer = 200;
    }
    if (answer == 429) {
      exchange.getResponseHeaders().add("Retry-After", "2");
    }
    byte[] out = "{}".getBytes(StandardCharsets.UTF_8);
    try {
      exchange.sendResponseHeaders(answer, out.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(out);
      }
    } catch (IOException clientGone) {
      // the client timed out and closed the connection: that request was not acknowledged
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
