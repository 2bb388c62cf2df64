package dev.finpipe.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A local S3-compatible server for tests: npm's s3rver on a free loopback port, its buckets kept as plain folders,
 * with one bucket created at start. s3rver knows one key pair ({@link #ACCESS_KEY}, {@link #SECRET_KEY}); its bucket
 * is private, so every request must be signed with that access key id (an unsigned one gets 403, an unknown key id
 * InvalidAccessKeyId). It runs with {@code --allow-mismatched-signatures}: its V2 string-to-sign differs from the AWS
 * SDK's (every signed HEAD got 403 without it), so the secret itself is not verified here. The credentials reach S3A
 * through the AWS SDK's default chain (its system properties {@code aws.accessKeyId} / {@code aws.secretKey}, set
 * while the server runs), as a cluster's come from its environment or instance role; no settings file names them.
 */
public final class LocalS3Server extends NodeEmulator {
  public static final String ACCESS_KEY = "S3RVER";
  public static final String SECRET_KEY = "S3RVER";

  private final String bucket;

  private LocalS3Server(String bucket) {
    super("s3rver");
    this.bucket = bucket;
  }

  public static LocalS3Server withBucket(String bucket) {
    return new LocalS3Server(bucket);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  public String bucket() {
    return bucket;
  }

  /** Where the server keeps an object's bytes: its folders mirror the bucket's keys. */
  public Path objectsDir() {
    return dataDir().resolve(bucket);
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
  protected int choosePort() throws IOException {
    return LocalKafkaBroker.freeLoopbackPort();
  }

  @Override
  protected List<String> command(String bin, Path dataDir, int port) {
    // --openssl-legacy-provider: s3rver encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 (Node 17
    // and later) only has in its legacy provider; without it every truncated listing (S3A lists with max-keys=2 to
    // tell a directory from a file) is an HTTP 500 "InternalError" (ERR_OSSL_EVP_UNSUPPORTED in the log).
    return List.of("--openssl-legacy-provider", bin, "--directory", dataDir.toString(), "--address", "127.0.0.1",
        "--port", String.valueOf(port), "--no-vhost-buckets", "--allow-mismatched-signatures",
        "--configure-bucket", bucket);
  }

  @Override
  protected void started() {
    System.setProperty("aws.accessKeyId", ACCESS_KEY);
    System.setProperty("aws.secretKey", SECRET_KEY);
  }

  @Override
  protected void stopping() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretKey");
  }
}
