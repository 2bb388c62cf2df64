package dev.finpipe.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.rules.ExternalResource;

/**
 * A real Kafka broker (KRaft, broker and controller in one process) for tests: a child JVM running {@code kafka.Kafka}
 * on the classpath of the {@code kafka-broker} module, listening on free loopback ports, with its data in a temporary
 * folder. It can be stopped and started again on the same ports and data (broker-restart tests), or killed (crash
 * tests). A JVM shutdown hook kills it if a test forgets to.
 *
 * <pre>{@code
 * @ClassRule public static final LocalKafkaBroker KAFKA = LocalKafkaBroker.create();
 * ...
 * KAFKA.createTopic("transactions", 3);
 * producerProps.put("bootstrap.servers", KAFKA.bootstrapServers());
 * }</pre>
 *
 * <p>Needs {@code kafka-broker/target/classpath.txt}: {@code mvn -B package -pl kafka-broker} writes it.
 */
public final class LocalKafkaBroker extends ExternalResource implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
  private static final int LOG_TAIL_LINES = 40;

  private final Path root;
  private final Path dataDir;
  private final boolean ownsDataDir;
  private final int port;
  private final int controllerPort;
  private Process process;
  private Admin admin;
  private Thread shutdownHook;

  private LocalKafkaBroker(Path dataDir, boolean ownsDataDir) throws IOException {
    this.root = projectRoot();
    this.dataDir = dataDir;
    this.ownsDataDir = ownsDataDir;
    this.port = freeLoopbackPort();
    this.controllerPort = freeLoopbackPort();
  }

  /** A broker (not started yet) on free loopback ports, with its data in a temporary folder removed by close. */
  public static LocalKafkaBroker create() {
    try {
      return new LocalKafkaBroker(Files.createTempDirectory("finpipe-kafka-"), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A broker (not started yet) keeping its data in {@code dataDir}, which close leaves in place. */
  public static LocalKafkaBroker create(Path dataDir) {
    try {
      return new LocalKafkaBroker(dataDir, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The broker's own log (stdout and stderr), kept across restarts. */
  public Path logFile() {
    return dataDir.resolve("broker.log");
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /**
   * Starts the broker (formatting its storage on first use) and waits until it serves requests.
   *
   * @throws IllegalStateException if the broker's classpath was not built, or it did not come up in time (with the
   *     tail of its log)
   */
  public LocalKafkaBroker start() throws IOException, InterruptedException {
    if (isRunning()) {
      return this;
    }
    String classpath = brokerClasspath();
    Path config = writeConfig();
    if (!Files.exists(dataDir.resolve("logs/meta.properties"))) {
      format(classpath, config);
    }
    process = new ProcessBuilder(java(), "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
        "-Dlog4j.configuration=file:" + root.resolve("kafka-broker/config/log4j.properties"),
        "-cp", classpath, "kafka.Kafka", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
        .start();
    if (shutdownHook == null) {
      shutdownHook = new Thread(this::killQuietly, "local-kafka-broker-" + port);
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }
    awaitReady();
    return this;
  }

  /** Stops the broker cleanly (SIGTERM), or kills it if it takes longer than 30 s. Data and ports are kept. */
  public void stop() throws InterruptedException {
    closeAdmin();
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    process = null;
  }

  /** Kills the broker at once (SIGKILL), as a crash would. Data and ports are kept. */
  public void kill() throws InterruptedException {
    closeAdmin();
    if (process != null) {
      process.destroyForcibly().waitFor();
      process = null;
    }
  }

  /** Stops the broker and starts it again on the same ports with the same data. */
  public LocalKafkaBroker restart() throws IOException, InterruptedException {
    stop();
    return start();
  }

  /** Creates a topic with replication factor 1. */
  public void createTopic(String name, int partitions) throws ExecutionException, InterruptedException,
      TimeoutException {
    admin().createTopics(Set.of(new NewTopic(name, partitions, (short) 1)))
        .all().get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /** An admin client for this broker; closed by stop. */
  public Admin admin() {
    if (admin == null) {
      admin = Admin.create(clientProperties());
    }
    return admin;
  }

  /** {@code bootstrap.servers} of this broker, to start a client's properties with. */
  public Properties clientProperties() {
    Properties properties = new Properties();
    properties.setProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return properties;
  }

  /**
   * Every record of {@code topic} from the beginning up to its end offsets at the time of the call, partition by
   * partition, each in offset order.
   */
  public List<ConsumerRecord<String, String>> readAll(String topic) throws InterruptedException, ExecutionException,
      TimeoutException {
    Properties properties = clientProperties();
    properties.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    properties.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions = admin().describeTopics(Set.of(topic)).allTopicNames()
          .get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(topic).partitions().stream()
          .map(p -> new TopicPartition(topic, p.partition()))
          .collect(Collectors.toList());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, ADMIN_TIMEOUT);
      List<ConsumerRecord<String, String>> records = new ArrayList<>();
      long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("reading " + topic + " up to " + end + " took over " + ADMIN_TIMEOUT);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(record -> {
          if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
            records.add(record);
          }
        });
      }
      records.sort(Comparator.<ConsumerRecord<String, String>>comparingInt(ConsumerRecord::partition)
          .thenComparingLong(ConsumerRecord::offset));
      return records;
    }
  }

  /** Stops the broker and, if it was created with a temporary folder, deletes its data. */
  @Override
  public void close() throws InterruptedException, IOException {
    stop();
    if (shutdownHook != null) {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
      shutdownHook = null;
    }
    if (ownsDataDir && Files.exists(dataDir)) {
      try (Stream<Path> paths = Files.walk(dataDir)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
          Files.delete(path);
        }
      }
    }
  }

  @Override
  protected void before() throws Throwable {
    start();
  }

  @Override
  protected void after() {
    try {
      close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitReady() throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    Properties properties = clientProperties();
    properties.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
    properties.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
    properties.setProperty(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
    try (Admin probe = Admin.create(properties)) {
      while (true) {
        if (!process.isAlive()) {
          throw new IllegalStateException("the Kafka broker exited with " + process.exitValue()
              + " during start-up" + logTail());
        }
        try {
          // Waits up to a second itself, retrying the connection: no sleep needed between rounds.
          if (!probe.describeCluster(new DescribeClusterOptions().timeoutMs(1000)).nodes().get().isEmpty()) {
            return;
          }
        } catch (ExecutionException notYet) {
          // not listening yet, or not yet unfenced
        }
        if (System.nanoTime() > deadline) {
          killQuietly();
          throw new IllegalStateException("the Kafka broker did not come up on " + bootstrapServers() + " within "
              + START_TIMEOUT.toSeconds() + " s" + logTail());
        }
      }
    }
  }

  private void format(String classpath, Path config) throws IOException, InterruptedException {
    Process formatting = new ProcessBuilder(java(),
        "-Dlog4j.configuration=file:" + root.resolve("kafka-broker/config/tools-log4j.properties"),
        "-cp", classpath, "kafka.tools.StorageTool", "format", "--ignore-formatted",
        "--cluster-id", Uuid.randomUuid().toString(), "--config", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
        .start();
    if (!formatting.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || formatting.exitValue() != 0) {
      formatting.destroyForcibly();
      throw new IllegalStateException("formatting the Kafka storage in " + dataDir + " failed" + logTail());
    }
  }

  /** The broker's configuration: the project's template with this broker's ports and folder. */
  private Path writeConfig() throws IOException {
    Files.createDirectories(dataDir);
    String config = Files.readString(root.resolve("kafka-broker/config/server.properties.template"))
        .replace("@KAFKA_PORT@", String.valueOf(port))
        .replace("@CONTROLLER_PORT@", String.valueOf(controllerPort))
        .replace("@LOG_DIRS@", dataDir.resolve("logs").toString());
    Path path = dataDir.resolve("server.properties");
    Files.writeString(path, config);
    return path;
  }

  private String brokerClasspath() throws IOException {
    Path file = root.resolve("kafka-broker/target/classpath.txt");
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(file + " is missing: the local Kafka broker's classpath is built by the"
          + " kafka-broker module; run `mvn -B package -pl kafka-broker` in " + root + " first");
    }
    return Files.readString(file, StandardCharsets.UTF_8).trim();
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
      return "; last lines of " + logFile() + ":\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException e) {
      return "; no log at " + logFile();
    }
  }

  private void killQuietly() {
    closeAdmin();
    Process running = process;
    if (running != null) {
      running.destroyForcibly();
    }
  }

  private void closeAdmin() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
      admin = null;
    }
  }

  private static String java() {
    return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
  }

  static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  /** The checkout's root: the nearest folder up from the working directory that holds {@code kafka-broker/}. */
  static Path projectRoot() {
    Path start = Paths.get("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("kafka-broker/pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no kafka-broker/ module above " + start + "; run the tests from the checkout");
  }
}
