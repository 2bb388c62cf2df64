package dev.finpipe.pipelines.produce;

import dev.finpipe.pipelines.cli.CommandLines;
import dev.finpipe.pipelines.generate.GeneratorFlags;
import dev.finpipe.pipelines.generate.GeneratedDomain;
import dev.finpipe.pipelines.generate.LineSource;
import dev.finpipe.pipelines.kafka.KafkaClientProperties;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.checkerframework.checker.nullness.qual.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Sends the generator's fake transactions to a Kafka topic, keyed by account id (lines without one get a null key),
 * at {@code --rate} events/s, for {@code --count} events or until stopped; with {@code --domain=customers} or
 * {@code accounts}, that domain's change records instead ({@link dev.finpipe.pipelines.generate.ChangeGenerator}),
 * keyed by customer or account id, to the topic named after the domain; with {@code app_logs} or
 * {@code infra_metrics}, the lines of {@link dev.finpipe.pipelines.generate.OpsGenerator}'s files, one file after the
 * other, keyed by service (log lines) or host (samples). The topic is created when missing. The
 * producer is idempotent with {@code acks=all}; every refused send is counted by error and reported, and the run
 * then exits with 1. SIGTERM or Ctrl-C stops sending, flushes what is in flight, closes and prints the summary.
 *
 * <pre>{@code
 * java @runners-config/jvm.options -cp pipelines/target/classes:$(cat pipelines/target/classpath.txt) \
 *   dev.finpipe.pipelines.produce.ProduceTransactions --config=runners-config/dev/kafka.properties \
 *   --rate=1000 --count=100000 --seed=42
 * }</pre>
 *
 * <p>Connection settings: the built-in producer defaults, then {@code --config} (with {@code ${env:NAME}} filled from
 * the environment), then {@code --bootstrapServers}; without either, {@code 127.0.0.1:9092}.
 */
@Command(name = "ProduceTransactions", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Sends seeded fake transactions (or customer or account change records) to a Kafka topic, keyed by "
        + "entity id.")
public final class ProduceTransactions implements Callable<Integer> {
  static final String DEFAULT_BOOTSTRAP_SERVERS = "127.0.0.1:9092";
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

  @Option(names = "--domain", defaultValue = "transactions", converter = GeneratedDomain.Converter.class,
      description = "What to send: transactions, customers or accounts (change records), app_logs or infra_metrics "
          + "(operations data with incident episodes, every file's lines in turn) (default: ${DEFAULT-VALUE}).")
  GeneratedDomain domain;

  @Option(names = "--topic", description = "Topic (default: the domain's name: transactions, customers, accounts, "
      + "app_logs, infra_metrics).")
  @Nullable String topic;

  @Option(names = "--partitions", defaultValue = "3",
      description = "Partitions of the topic if it has to be created (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--rate", defaultValue = "0",
      description = "Events per second; 0 sends as fast as the broker takes them (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--count", defaultValue = "0",
      description = "Events to send; 0 sends transactions until stopped with Ctrl-C or SIGTERM, or every change "
          + "record of customers or accounts, or every line of app_logs or infra_metrics (default: ${DEFAULT-VALUE}).")
  long count;

  @Option(names = "--bootstrapServers",
      description = "host:port[,host:port...]; overrides bootstrap.servers of --config (default: "
          + DEFAULT_BOOTSTRAP_SERVERS + ").")
  @Nullable String bootstrapServers;

  @Option(names = "--config",
      description = "Kafka client properties file, such as runners-config/dev/kafka.properties; "
          + "${env:NAME} is replaced by the environment variable NAME.")
  @Nullable Path config;

  @Option(names = "--progressSeconds", defaultValue = "5",
      description = "Seconds between progress lines on stderr (default: ${DEFAULT-VALUE}).")
  int progressSeconds;

  @Mixin GeneratorFlags generator;

  @Spec CommandSpec spec;

  private final PrintStream err;
  private final AtomicLong sent = new AtomicLong();
  private final LongAdder acked = new LongAdder();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final Set<String> firstErrorMessages = ConcurrentHashMap.newKeySet();
  private volatile boolean stopRequested;

  ProduceTransactions(PrintStream err) {
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(execute(System.err, args));
  }

  /** Runs the command line; returns the exit code (0 all acknowledged, 1 errors, 2 bad flags). */
  static int execute(PrintStream err, String... args) {
    return CommandLines.execute(new ProduceTransactions(err), err, args);
  }

  @Override
  public Integer call() throws Exception {
    checkFlags();
    String topicName = topic != null ? topic : domain.id();
    LineSource lines = generator.lines(domain, count, spec);
    Properties connection = connectionProperties();
    err.println("ProduceTransactions: " + KafkaClientProperties.describe(connection) + ", topic " + topicName
        + (rate > 0 ? String.format(Locale.ROOT, ", %,.0f events/s", rate) : ", as fast as possible")
        + (count > 0 ? ", " + count + " events" : domain == GeneratedDomain.TRANSACTIONS ? ", until stopped"
            : domain.isOps() ? ", every " + domain.id() + " line" : ", every " + domain.id() + " change record"));
    ensureTopic(connection, topicName);
    // Created before the clock starts, so that rates count sending only.
    KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties(connection));

    CountDownLatch finished = new CountDownLatch(1);
    Thread onSignal = new Thread(() -> {
      stopRequested = true;
      awaitQuietly(finished);
    }, "produce-transactions-shutdown");
    Runtime.getRuntime().addShutdownHook(onSignal);
    ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "produce-transactions-progress");
      thread.setDaemon(true);
      return thread;
    });
    long started = System.nanoTime();
    AtomicLong lastSent = new AtomicLong();
    progress.scheduleAtFixedRate(() -> reportProgress(started, lastSent), progressSeconds, progressSeconds,
        TimeUnit.SECONDS);
    try {
      produce(lines, producer, topicName);
    } finally {
      progress.shutdownNow();
      double seconds = (System.nanoTime() - started) / 1e9;
      err.printf(Locale.ROOT, "ProduceTransactions: %s after %.1f s: sent %d, acked %d, errors %d (%,.0f events/s)%s%n",
          stopRequested ? "stopped" : "done", seconds, sent.get(), acked.sum(), errorCount(),
          acked.sum() / seconds, errorSummary());
      err.println("ProduceTransactions: generated " + lines.stats().summary());
      finished.countDown();
      removeHook(onSignal);
    }
    return errorCount() == 0 ? 0 : 1;
  }

  private void produce(LineSource lines, KafkaProducer<String, String> producer, String topic) {
    Pacer pacer = Pacer.realTime(rate);
    Callback callback = this::onCompletion;
    try {
      while (!stopRequested && lines.hasNext()) {
        String line = lines.next();
        pacer.acquire();
        producer.send(new ProducerRecord<>(topic, stringFieldOf(line, domain.keyField()), line), callback);
        sent.incrementAndGet();
      }
      producer.flush();
    } catch (KafkaException e) {
      // Refusals of single records arrive in the callback; a throw from send() or flush() ends the run.
      count(e);
      throw e;
    } finally {
      producer.close(CLOSE_TIMEOUT);
    }
  }

  private void onCompletion(RecordMetadata metadata, @Nullable Exception exception) {
    if (exception == null) {
      acked.increment();
    } else {
      count(exception);
    }
  }

  private void count(Exception e) {
    String kind = e.getClass().getSimpleName();
    errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    if (firstErrorMessages.size() < 5) {
      firstErrorMessages.add(kind + ": " + e.getMessage());
    }
  }

  private long errorCount() {
    return errors.values().stream().mapToLong(LongAdder::sum).sum();
  }

  private String errorSummary() {
    if (errors.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder("; errors by kind:");
    errors.forEach((kind, n) -> sb.append(' ').append(kind).append(' ').append(n.sum()));
    firstErrorMessages.forEach(message -> sb.append(System.lineSeparator()).append("  ").append(message));
    return sb.toString();
  }

  private void reportProgress(long started, AtomicLong lastSent) {
    long now = sent.get();
    double seconds = (System.nanoTime() - started) / 1e9;
    err.printf(Locale.ROOT,
        "ProduceTransactions: sent %,d, acked %,d, errors %d, %,.0f events/s (last %d s), %,.0f events/s overall%n",
        now, acked.sum(), errorCount(), (double) (now - lastSent.getAndSet(now)) / progressSeconds, progressSeconds,
        now / seconds);
  }

  private void checkFlags() {
    if (rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate)) {
      throw bad("--rate is " + rate + "; expected events per second >= 0 (0: as fast as possible)");
    }
    if (partitions < 1) {
      throw bad("--partitions is " + partitions + "; expected a whole number >= 1");
    }
    if (progressSeconds < 1) {
      throw bad("--progressSeconds is " + progressSeconds + "; expected a whole number of seconds >= 1");
    }
    if (topic != null && topic.isBlank()) {
      throw bad("--topic is empty; expected a topic name such as transactions");
    }
  }

  private ParameterException bad(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** {@code --config} (secrets filled from the environment), then {@code --bootstrapServers}. */
  private Properties connectionProperties() throws IOException {
    Properties properties = new Properties();
    if (config != null) {
      try {
        properties.putAll(KafkaClientProperties.load(config));
      } catch (NoSuchFileException e) {
        throw bad("--config " + config + " does not exist; expected a Kafka client properties file");
      } catch (IllegalArgumentException e) {
        throw bad("--config: " + e.getMessage());
      }
    }
    if (bootstrapServers != null) {
      properties.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }
    properties.putIfAbsent(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, DEFAULT_BOOTSTRAP_SERVERS);
    return properties;
  }

  /** Idempotent, acks=all, batched for throughput; the connection settings may override any of it. */
  private static Properties producerProperties(Properties connection) {
    Properties properties = new Properties();
    properties.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    properties.setProperty(ProducerConfig.ACKS_CONFIG, "all");
    properties.setProperty(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    properties.setProperty(ProducerConfig.LINGER_MS_CONFIG, "20");
    properties.setProperty(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
    properties.setProperty(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(64L * 1024 * 1024));
    properties.setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    properties.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "finpipe-producer");
    properties.putAll(connection);
    properties.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    properties.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    return properties;
  }

  /** Creates the topic with {@code --partitions} (and the broker's default replication) unless it exists. */
  private void ensureTopic(Properties connection, String topic) throws InterruptedException {
    try (Admin admin = Admin.create(connection)) {
      if (admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).contains(topic)) {
        return;
      }
      try {
        admin.createTopics(Set.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
            .all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        err.println("ProduceTransactions: created topic " + topic + " with " + partitions + " partitions");
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot reach Kafka at " + connection.getProperty(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) + " to check topic " + topic + ": " + e, e);
    }
  }

  /**
   * The string value of {@code field} (the first occurrence of the key) in a JSON line, found without parsing; null
   * when the line has none (a bad record), or when it is not a plain string.
   */
  static @Nullable String stringFieldOf(String line, String field) {
    String key = "\"" + field + "\":\"";
    int at = line.indexOf(key);
    if (at < 0) {
      return null;
    }
    int start = at + key.length();
    int end = line.indexOf('"', start);
    if (end <= start || line.lastIndexOf('\\', end) >= start) {
      return null;
    }
    return line.substring(start, end);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(CLOSE_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is already exiting (SIGTERM, Ctrl-C): the hook is what waits for us
    }
  }
}
