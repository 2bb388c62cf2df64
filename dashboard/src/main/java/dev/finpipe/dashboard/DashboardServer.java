package dev.finpipe.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's web server: four pages (one HTML shell, {@code /static/app.js} draws each from the JSON API),
 * ECharts from its webjar, and the API under {@code /api/}. Every API answer is JSON; a bad request gets a 4xx whose
 * {@code error} says what to fix. A content security policy of {@code 'self'} keeps every page off the internet.
 */
public final class DashboardServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
  static final String[] PAGES = {"business", "quality", "health", "ops"};

  /** How the server is started: where it listens, when a stage counts as behind, how often pages poll. */
  public record Settings(String host, int port, Duration behindAfter, Duration poll) {}

  private final ObjectMapper json = new ObjectMapper();
  private final WarehouseView warehouse;
  private final ParquetQueries queries = new ParquetQueries();
  private final Settings settings;
  private final Clock clock;
  private final Javalin app;
  private final String shell;

  private DashboardServer(WarehouseView warehouse, Settings settings, Clock clock) {
    this.warehouse = warehouse;
    this.settings = settings;
    this.clock = clock;
    this.shell = resource("/dashboard/index.html");
    BusinessPage business = new BusinessPage(warehouse, queries);
    QualityPage quality = new QualityPage(warehouse, queries);
    HealthPage health = new HealthPage(warehouse, queries, settings.behindAfter());
    OpsPage ops = new OpsPage(warehouse, queries);
    this.app =
        Javalin.create(
            config -> {
              config.staticFiles.enableWebjars();
              config.staticFiles.add(
                  files -> {
                    files.hostedPath = "/static";
                    files.directory = "/dashboard";
                    files.location = Location.CLASSPATH;
                  });
              config.jetty.host = settings.host();
              config.jetty.port = settings.port();
              config.startup.showJavalinBanner = false;
              config.routes.after(
                  ctx -> {
                    ctx.header("Content-Security-Policy",
                        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:");
                    ctx.header("X-Content-Type-Options", "nosniff");
                  });
              config.routes.get("/", ctx -> ctx.redirect("/business"));
              for (String page : PAGES) {
                config.routes.get("/" + page, ctx -> ctx.contentType(ContentType.TEXT_HTML).result(shell));
              }
              config.routes.get("/api/version", api(Set.of(), q -> version()));
              config.routes.get("/api/business/daily", api(Set.of(), q -> business.daily()));
              config.routes.get(
                  "/api/business/top",
                  api(
                      Set.of("date", "currency", "limit"),
                      q ->
                          business.top(
                              Params.date("date", q.queryParam("date")),
                              Params.currency(q.queryParam("currency")),
                              Params.limit(q.queryParam("limit"), 10, 100))));
              config.routes.get("/api/business/segments", api(Set.of(), q -> business.segments()));
              config.routes.get("/api/quality/daily",
                  api(Set.of("domain"), q -> quality.daily(Params.domain(q.queryParam("domain")))));
              config.routes.get("/api/quality/reasons",
                  api(Set.of("domain"), q -> quality.reasons(Params.domain(q.queryParam("domain")))));
              config.routes.get("/api/quality/rules",
                  api(Set.of("domain"), q -> quality.rules(Params.domain(q.queryParam("domain")))));
              config.routes.get(
                  "/api/quality/sample",
                  api(
                      Set.of("domain", "stage", "reason", "limit"),
                      q ->
                          quality.sample(
                              Params.domain(q.queryParam("domain")),
                              Params.stage(q.queryParam("stage")),
                              Params.reason(q.queryParam("reason")),
                              Params.limit(q.queryParam("limit"), 20, 200))));
              config.routes.get("/api/health", api(Set.of(), q -> health.health(clock.instant())));
              config.routes.get("/api/ops", api(Set.of("service", "limit"),
                  q -> ops.ops(Params.service(q.queryParam("service")), Params.limit(q.queryParam("limit"), 200, 1000))));
              config.routes.get(
                  "/api/tables/{layer}/{name}",
                  api(Set.of(), q -> table(Params.table(q.pathParam("layer"), q.pathParam("name")))));
              config.routes.get(
                  "/api/*",
                  ctx -> {
                    throw BadRequest.notFound("no such endpoint " + ctx.path() + "; see the README's Dashboard section");
                  });
              config.routes.exception(
                  BadRequest.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
              config.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    LOG.warn("{} failed", ctx.path(), e);
                    error(ctx, 500, "the dashboard failed to answer: " + e.getMessage());
                  });
              config.routes.error(
                  404,
                  ctx -> {
                    if (ctx.result() == null || ctx.result().isEmpty()) {
                      error(ctx, 404, "not found: " + ctx.path());
                    }
                  });
            });
  }

  /** Starts the server; {@code port} 0 picks a free one ({@link #port()}). */
  public static DashboardServer start(WarehouseView warehouse, Settings settings, Clock clock) {
    DashboardServer server = new DashboardServer(warehouse, settings, clock);
    server.app.start();
    return server;
  }

  public int port() {
    return app.port();
  }

  public String url() {
    return "http://" + (settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host()) + ":" + port() + "/";
  }

  private Handler api(Set<String> allowed, Function<Context, Object> body) {
    return ctx -> {
      for (String name : ctx.queryParamMap().keySet()) {
        if (!allowed.contains(name)) {
          throw BadRequest.badRequest(
              "unknown parameter \"" + name + "\" for " + ctx.path()
                  + (allowed.isEmpty() ? "; it takes none" : "; it takes " + String.join(", ", allowed.stream().sorted().toList())));
        }
      }
      Object result = body.apply(ctx);
      ctx.header("Cache-Control", "no-store");
      ctx.contentType(ContentType.APPLICATION_JSON).result(write(result));
    };
  }

  private void error(Context ctx, int status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    body.put("error", message);
    ctx.status(status).contentType(ContentType.APPLICATION_JSON).result(write(body));
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write JSON: " + e.getMessage(), e);
    }
  }

  /** All tables' versions (the pages poll this and re-fetch when it changes) and the warehouse's state. */
  private Map<String, Object> version() {
    Map<String, Long> versions = warehouse.versions();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("warehouse", warehouse.warehouse());
    out.put("exists", warehouse.exists());
    out.put("versions", versions);
    out.put("token", versions.values().toString());
    out.put("pollMillis", settings.poll().toMillis());
    out.put("message", message(versions));
    return out;
  }

  private String message(Map<String, Long> versions) {
    if (!warehouse.exists()) {
      return "No warehouse at " + warehouse.warehouse() + ". Build one with `make demo`, then"
          + " `make dashboard WAREHOUSE=data/dev/demo/warehouse`.";
    }
    if (versions.values().stream().allMatch(v -> v < 0)) {
      return "The warehouse at " + warehouse.warehouse() + " has no tables yet: run the stages (`make medallion`,"
          + " `make demo`). This page refreshes by itself when they commit.";
    }
    return null;
  }

  private Map<String, Object> table(dev.finpipe.io.TableSpec spec) {
    TableSnapshot snapshot = warehouse.snapshot(spec);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("table", spec.path());
    out.put("version", snapshot.version());
    out.put("rows", snapshot.rows());
    out.put("bytes", snapshot.bytes());
    out.put("partitionColumn", spec.partitionColumn());
    out.put("columns", spec.columnNames());
    out.put(
        "files",
        snapshot.files().stream()
            .map(f -> Map.of("path", f.relativePath(), "partition", f.partitionValue(), "rows", f.numRecords(),
                "bytes", f.sizeBytes()))
            .toList());
    return out;
  }

  private static String resource(String path) {
    try (InputStream in = DashboardServer.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + path, e);
    }
  }

  @Override
  public void close() {
    app.stop();
    queries.close();
  }
}
