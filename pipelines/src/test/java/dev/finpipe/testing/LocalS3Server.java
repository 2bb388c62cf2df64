package dev.finpipe.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.rules.ExternalResource;

/**
 * A local S3-compatible server for tests: npm's s3rver (installed by {@code scripts/s3rver.sh}) as a child process on
 * a free loopback port, its buckets kept as plain folders in a temporary directory, with one bucket created at start.
 * s3rver knows one key pair ({@link #ACCESS_KEY}, {@link #SECRET_KEY}); its bucket is private, so every request must
 * be signed with that access key id (an unsigned one gets 403, an unknown key id InvalidAccessKeyId). It runs with
 * {@code --allow-mismatched-signatures}: its V2 string-to-sign differs from the AWS SDK's (every signed HEAD got 403
 * without it), so the secret itself is not verified here. The credentials reach S3A through the AWS SDK's default chain
 * (its system properties {@code aws.accessKeyId} / {@code aws.secretKey}, set while the server runs), as a cluster's
 * come from its environment or instance role; no settings file names them.
 */
public final class LocalS3Server extends ExternalResource {
  public static final String ACCESS_KEY = "S3RVER";
  public static final String SECRET_KEY = "S3RVER";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final String bucket;
  private Path dataDir;
  private Path log;
  private int port;
  private Process process;
  private long pid;
  private Thread shutdownHook;

  private LocalS3Server(String bucket) {
    this.bucket = bucket;
  }

  public static LocalS3Server withBucket(String bucket) {
    return new LocalS3Server(bucket);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public String bucket() {
    return bucket;
  }

  /** Where the server keeps an object's bytes: its folders mirror the bucket's keys. */
  public Path objectsDir() {
    return dataDir.resolve(bucket);
  }

  /** The server's own log: every request with its status, and each error's cause. */
  public Path log() {
    return log;
  }

  /** The process id of the server this rule started (and stops). */
  public long pid() {
    return pid;
  }

  /**
   * The S3A settings that point a warehouse's S3A client at this server instead of AWS; they go on top of
   * {@code runners-config/prod/hadoop.properties} (which picks the credential chain), as a user would for an
   * S3-compatible store.
   */
  public Map<String, String> s3aEndpointSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("fs.s3a.endpoint", endpoint());
    settings.put("fs.s3a.path.style.access", "true");
    settings.put("fs.s3a.connection.ssl.enabled", "false");
    // Signature V2: with V4 over plain HTTP the AWS SDK signs each chunk of an upload (aws-chunked), which s3rver
    // stores as part of the object.
    settings.put("fs.s3a.signing-algorithm", "S3SignerType");
    // A server error on loopback is a bug to see at once, not an outage to ride out (S3A's defaults retry for minutes);
    // a few retries still cover s3rver's one race (see ObjectStoreWarehouseTest.KNOWN_RACE).
    settings.put("fs.s3a.attempts.maximum", "3");
    settings.put("fs.s3a.retry.limit", "3");
    return settings;
  }

  @Override
  protected void before() throws Throwable {
    Path root = LocalKafkaBroker.projectRoot();
    Process install =
        new ProcessBuilder("bash", root.resolve("scripts/s3rver.sh").toString(), "install")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String bin = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (install.waitFor() != 0 || bin.isEmpty()) {
      throw new IllegalStateException("scripts/s3rver.sh install failed (exit " + install.exitValue() + ")");
    }
    dataDir = Files.createTempDirectory("finpipe-s3rver-");
    port = LocalKafkaBroker.freeLoopbackPort();
    // Outside the data folder, which is deleted at the end: the log stays for a failed test's diagnosis.
    Files.createDirectories(Path.of("target"));
    log = Path.of("target", "s3rver-" + port + ".log").toAbsolutePath();
    // --openssl-legacy-provider: s3rver encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 (Node 17
    // and later) only has in its legacy provider; without it every truncated listing (S3A lists with max-keys=2 to
    // tell a directory from a file) is an HTTP 500 "InternalError" (ERR_OSSL_EVP_UNSUPPORTED in this log).
    process =
        new ProcessBuilder(List.of("node", "--openssl-legacy-provider", bin, "--directory", dataDir.toString(),
                "--address", "127.0.0.1", "--port", String.valueOf(port), "--no-vhost-buckets",
                "--allow-mismatched-signatures", "--configure-bucket", bucket))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    pid = process.pid();
    shutdownHook = new Thread(process::destroyForcibly);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    Await.until("s3rver (pid " + pid + ") on port " + port + " (log " + log + ")", START_TIMEOUT, () -> {
      if (!process.isAlive()) {
        throw new IllegalStateException("s3rver exited at start: " + readQuietly(log));
      }
      return accepts();
    });
    System.setProperty("aws.accessKeyId", ACCESS_KEY);
    System.setProperty("aws.secretKey", SECRET_KEY);
  }

  private static String readQuietly(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log)";
    }
  }

  @Override
  protected void after() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretKey");
    if (process != null) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
      try {
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    }
    if (dataDir != null) {
      try (Stream<Path> paths = Files.walk(dataDir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Whether the server this rule started is still running (false once {@link #after()} stopped it). */
  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  private boolean accepts() {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
