package dev.finpipe.pipelines.medallion;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.io.HadoopConfigurations;
import dev.finpipe.io.TableSpec;
import dev.finpipe.domain.Domains;
import dev.finpipe.io.Tables;
import dev.finpipe.pipelines.common.RunReport;
import dev.finpipe.pipelines.common.StageMain;
import dev.finpipe.testing.LocalAzurite;
import dev.finpipe.testing.LocalS3Server;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.OutputStreamAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The warehouse on object storage, each on its emulator on loopback: S3 (s3rver) through S3A and delta-standalone's
 * S3 log store, and Azure's Blob endpoint (Azurite) through hadoop-azure's wasb:// and the Azure log store. On each,
 * bronze, silver and gold commit, a re-run of each stage commits nothing, a second batch adds to every table, and
 * every table equals a local warehouse built from the same input. The settings reach the stages as a user gives
 * them: {@code runners-config/prod/hadoop.properties} plus the emulator's endpoint, in a {@code --hadoopConfig} file,
 * with the credentials from the store's standard chain, never in a file or a log.
 */
public class ObjectStoreWarehouseTest {
  @ClassRule public static final LocalS3Server S3 = LocalS3Server.withBucket("finpipe-lake");
  @ClassRule public static final LocalAzurite AZURITE = LocalAzurite.blobWithContainer("finpipe-lake");
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  /** s3rver's log line for an error it answered with a 500 ("error: <what failed> {<cause>}"). */
  private static final Pattern S3RVER_ERROR = Pattern.compile("error\\S*: (.*)");
  /**
   * The one server error allowed: s3rver's file store removes a deleted object's folder once empty, and two deletes
   * in one folder at once (Beam's parallel renames) race on it: one removes the folder (rmdir) while the other still
   * lists it (scandir), or both remove it. S3A retries the idempotent delete, which then succeeds.
   */
  private static final Pattern KNOWN_RACE =
      Pattern.compile("Error deleting object \".*\" from bucket .*\"code\":\"ENOENT\""
          + ".*\"syscall\":\"(rmdir|scandir)\".*");
  /** An Azurite access-log line of a request it answered with a server error. */
  private static final Pattern AZURITE_ERROR = Pattern.compile(".*HTTP/1\\.1\" 5\\d\\d .*");
  /** The Azure storage emulator's account key: public, but still a key that must not appear in a log. */
  private static final String EMULATOR_KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  @After
  public void forgetSettings() {
    HadoopConfigurations.install(Map.of());
  }

  /** Before the servers stop: the cached S3A and WASB clients' threads would otherwise outlive the tests. */
  @AfterClass
  public static void closeFileSystems() throws IOException {
    FileSystem.closeAll();
  }

  @Test
  public void medallionOnS3CommitsOnceAndEqualsLocal() throws IOException {
    String printed = medallionCommitsOnceAndEqualsLocal(
        "s3a://" + S3.bucket() + "/finpipe", settings(S3.s3aEndpointSettings()), "s3");
    // The logs and the data are objects of the S3 server, not files of this machine's warehouse.
    for (TableSpec spec : Tables.ALL) {
      assertTrue(spec.path(), Files.isRegularFile(S3.objectsDir()
          .resolve("finpipe/" + spec.path() + "/_delta_log/00000000000000000001.json._S3rver_object")));
    }
    String serverLog = Files.readString(S3.log(), StandardCharsets.UTF_8);
    List<String> serverErrors = S3RVER_ERROR.matcher(serverLog).results().map(m -> m.group(1))
        .filter(error -> !KNOWN_RACE.matcher(error).matches()).collect(Collectors.toList());
    assertEquals("s3rver's errors (log " + S3.log() + ")", List.of(), serverErrors);
    // The credentials reached the server (its bucket is private), but no log or object holds the secret.
    assertThat(printed, not(containsString(LocalS3Server.SECRET_KEY)));
    assertThat(serverLog, not(containsString(LocalS3Server.SECRET_KEY)));
    assertEquals(List.of(), objectsHolding(LocalS3Server.SECRET_KEY));
  }

  @Test
  public void medallionOnAzureBlobCommitsOnceAndEqualsLocal() throws IOException {
    String printed = medallionCommitsOnceAndEqualsLocal(
        AZURITE.wasb("finpipe"), settings(AZURITE.wasbSettings()), "azure");
    String serverLog = Files.readString(AZURITE.log(), StandardCharsets.UTF_8);
    // Every table's log went to the emulator's Blob service: the Azure log store writes a commit aside and renames
    // it, which wasb:// does as a copy (PUT with a copy source, 202 Accepted) and a delete.
    for (TableSpec spec : Tables.ALL) {
      assertThat(serverLog, containsString("\"PUT /devstoreaccount1/finpipe-lake/finpipe/" + spec.path()
          + "/_delta_log/00000000000000000001.json HTTP/1.1\" 202"));
    }
    List<String> serverErrors = serverLog.lines().filter(l -> AZURITE_ERROR.matcher(l).matches())
        .collect(Collectors.toList());
    assertEquals("Azurite's server errors (log " + AZURITE.log() + ")", List.of(), serverErrors);
    assertThat(printed, not(containsString(EMULATOR_KEY)));
    assertThat(serverLog, not(containsString(EMULATOR_KEY)));
  }

  /**
   * Two batches through the medallion, each first on a local warehouse (the reference), then on {@code warehouse},
   * from the same input folder (bronze keeps each file's path): the versions match the reference after each batch,
   * a re-run commits nothing, and at the end every table equals the reference row for row. Returns everything the
   * object-store runs printed and logged.
   */
  private String medallionCommitsOnceAndEqualsLocal(String warehouse, Path config, String name) throws IOException {
    Path input = tmp.newFolder("input").toPath();
    String localWarehouse = tmp.newFolder("local").getAbsolutePath();
    ByteArrayOutputStream console = new ByteArrayOutputStream();

    long batch1 = copyBatch("batch-1.jsonl", input);
    medallion(localWarehouse, input, null);
    Map<String, Long> localFirst = versions(localWarehouse);
    List<RunReport> first = capturing(console, () -> medallion(warehouse, input, config));
    assertEquals(batch1, first.get(0).count("records read"));
    assertEquals(localFirst, versions(warehouse));

    List<RunReport> again = capturing(console, () -> medallion(warehouse, input, config));
    assertEquals(localFirst, versions(warehouse));
    assertEquals(3, again.size());
    again.forEach(r -> assertThat(r.render(), containsString("nothing committed")));

    long batch2 = copyBatch("batch-2.jsonl", input);
    medallion(localWarehouse, input, null);
    Map<String, Long> localSecond = versions(localWarehouse);
    List<RunReport> second = capturing(console, () -> medallion(warehouse, input, config));
    assertEquals(batch2, second.get(0).count("records read"));
    assertEquals(1, second.get(1).count("duplicates")); // t-001 again: found in silver's files on the store
    assertEquals(1, second.get(1).count("late (quarantined)"));
    assertEquals(localSecond, versions(warehouse));
    Tables.ALL.forEach(spec -> assertTrue(spec.path(), localSecond.get(spec.path()) > localFirst.get(spec.path())));

    List<String> summary = new ArrayList<>();
    List<String> differences = capturing(console,
        () -> CompareWarehouses.differences(warehouse, localWarehouse, summary));
    assertEquals(List.of(), differences);
    assertEquals(Domains.allTables().size(), summary.size());

    String printed = console.toString(StandardCharsets.UTF_8);
    Files.writeString(Paths.get("target/ObjectStoreWarehouseTest-" + name + "-console.log"), printed); // what was checked
    assertThat(printed, containsString("FinPipe gold run"));
    return printed;
  }

  /** runners-config/prod/hadoop.properties, then the emulator's settings: what a user of an S3-compatible store writes. */
  private Path settings(Map<String, String> emulator) throws IOException {
    Path prod = Paths.get("../runners-config/prod/hadoop.properties"); // as WarehouseStorageTest reads it
    assertThat(Files.readString(prod), containsString(
        "fs.s3a.aws.credentials.provider=com.amazonaws.auth.DefaultAWSCredentialsProviderChain"));
    List<String> lines = new ArrayList<>(Files.readAllLines(prod, StandardCharsets.UTF_8));
    emulator.forEach((key, value) -> lines.add(key + "=" + value));
    Path config = tmp.newFile("hadoop.properties").toPath();
    Files.write(config, lines, StandardCharsets.UTF_8);
    return config;
  }

  /** Copies a fixture into {@code input}; returns its records (non-blank lines), what bronze must read. */
  private long copyBatch(String name, Path input) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/MedallionEndToEndTest/" + name)) {
      Files.copy(in, input.resolve(name));
    }
    return Files.readAllLines(input.resolve(name), StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).count();
  }

  private static List<RunReport> medallion(String warehouse, Path input, Path hadoopConfig) {
    List<String> args = new ArrayList<>(List.of(
        "--runner=DirectRunner", "--warehouse=" + warehouse, "--input=" + input + "/*.jsonl"));
    if (hadoopConfig != null) {
      args.add("--hadoopConfig=" + hadoopConfig);
    }
    return RunMedallion.run(StageMain.parse(args.toArray(new String[0]), RunMedallion.Options.class));
  }

  private static Map<String, Long> versions(String warehouse) {
    Map<String, Long> versions = new LinkedHashMap<>();
    for (TableSpec spec : Tables.ALL) {
      versions.put(spec.path(), DeltaTable.at(warehouse, spec).version());
    }
    return versions;
  }

  /** The server's files (objects and their metadata) whose bytes contain {@code text}. */
  private static List<String> objectsHolding(String text) throws IOException {
    try (Stream<Path> files = Files.walk(S3.objectsDir())) {
      return files.filter(Files::isRegularFile)
          .filter(f -> new String(readBytes(f), StandardCharsets.ISO_8859_1).contains(text))
          .map(Path::toString)
          .collect(Collectors.toList());
    }
  }

  private static byte[] readBytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Runs {@code body} with everything it prints copied to {@code into}: stdout and stderr (the stage reports), and
   * every log event at the levels log4j2.properties lets through (FinPipe's, Hadoop's, the AWS SDK's, Beam's), which
   * log4j's console appender would otherwise write to the stderr it saw at start-up.
   */
  private static <T> T capturing(ByteArrayOutputStream into, Supplier<T> body) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    System.setOut(new PrintStream(new Tee(out, into), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Tee(err, into), true, StandardCharsets.UTF_8));
    LoggerContext context = LoggerContext.getContext(false);
    Appender appender = OutputStreamAppender.newBuilder().setName("ObjectStoreWarehouseTest")
        .setTarget(into).setLayout(PatternLayout.createDefaultLayout())
        .build();
    appender.start();
    context.getConfiguration().getRootLogger().addAppender(appender, null, null);
    context.getConfiguration().getLoggers().values().forEach(logger -> logger.addAppender(appender, null, null));
    context.updateLoggers();
    try {
      return body.get();
    } finally {
      context.getConfiguration().getRootLogger().removeAppender(appender.getName());
      context.getConfiguration().getLoggers().values().forEach(logger -> logger.removeAppender(appender.getName()));
      context.updateLoggers();
      appender.stop();
      System.setOut(out);
      System.setErr(err);
    }
  }

  private static final class Tee extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    Tee(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      first.write(b, off, len);
      second.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      first.flush();
      second.flush();
    }
  }
}
