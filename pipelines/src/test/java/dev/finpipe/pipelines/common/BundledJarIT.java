package dev.finpipe.pipelines.common;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The packaged {@code finpipe-pipelines-bundled.jar} against the classpath of a stock Spark 3.5.3 distribution
 * ({@code spark-cluster/target/classpath.txt}): it must carry no class Spark also has (the cluster's would win, at
 * another version), relocate what FinPipe needs at its own versions, and leave out the DirectRunner and Google Cloud
 * IO. {@code make cluster-test} runs the jar on a real cluster.
 */
public class BundledJarIT {
  private static final Path JAR = Paths.get("target/finpipe-pipelines-bundled.jar");
  private static final Path SPARK_CLASSPATH = Paths.get("../spark-cluster/target/classpath.txt");
  private static final String SHADED = "dev/finpipe/shaded/";

  private static List<String> entries;

  @BeforeClass
  public static void readJar() throws IOException {
    entries = names(JAR);
  }

  @Test
  public void noClassOfTheJarIsAlsoOnSparksClasspath() throws IOException {
    Set<String> jarClasses = entries.stream().filter(n -> n.endsWith(".class")).collect(Collectors.toSet());
    Set<String> clashes = new TreeSet<>();
    String classpath = Files.readString(SPARK_CLASSPATH, StandardCharsets.UTF_8).trim();
    assertTrue("spark-cluster's classpath is empty", !classpath.isEmpty());
    for (String jar : classpath.split(":")) {
      for (String name : names(Paths.get(jar))) {
        if (name.endsWith(".class") && !name.endsWith("module-info.class") && jarClasses.contains(name)) {
          clashes.add(name + " (also in " + Paths.get(jar).getFileName() + ")");
        }
      }
    }
    assertEquals("classes the cluster would load from its own jars instead", List.of(),
        clashes.stream().limit(20).collect(Collectors.toList()));
  }

  @Test
  public void guavaProtobufAndJacksonAreRelocated() {
    for (String prefix : List.of("com/google/common/", "com/google/protobuf/", "com/fasterxml/jackson/")) {
      assertEquals(prefix + " unrelocated", List.of(), startingWith(prefix));
      assertTrue(prefix + " relocated", !startingWith(SHADED + prefix).isEmpty());
    }
    // The method whose absence from Spark's Guava 14 failed the first cluster run, now FinPipe's own copy.
    assertTrue(entries.contains(SHADED + "com/google/common/base/Preconditions.class"));
    // Jackson finds its modules through service files, which must follow the relocation.
    assertTrue(entries.contains("META-INF/services/dev.finpipe.shaded.com.fasterxml.jackson.databind.Module"));
    assertEquals(List.of(), startingWith("META-INF/services/com.fasterxml.jackson"));
  }

  @Test
  public void directRunnerAndGoogleCloudIoAreLeftOut() {
    for (String prefix : List.of("org/apache/beam/runners/direct/", "com/google/cloud/hadoop/",
        "org/apache/beam/sdk/extensions/gcp/", "com/google/cloud/storage/", "kotlin/")) {
      assertEquals(prefix, List.of(), startingWith(prefix));
    }
  }

  @Test
  public void stagesAndTheSparkRunnerAreIn() {
    for (String main : List.of("bronze/BronzeFromFiles", "bronze/BronzeFromKafka", "silver/BronzeToSilver",
        "gold/SilverToGold", "medallion/RunMedallion", "common/Vacuum")) {
      assertTrue(main, entries.contains("dev/finpipe/pipelines/" + main + ".class"));
    }
    assertTrue(entries.contains("org/apache/beam/runners/spark/SparkRunner.class"));
    assertTrue(entries.contains("io/delta/standalone/DeltaLog.class"));
  }

  @Test
  public void jarStaysLean() throws IOException {
    // 247 MB before Spark's own dependencies and the GCP IO were left out; 82 MB after.
    assertThat(Files.size(JAR), lessThan(100L * 1024 * 1024));
  }

  private static List<String> startingWith(String prefix) {
    return entries.stream().filter(n -> n.startsWith(prefix)).limit(5).collect(Collectors.toList());
  }

  private static List<String> names(Path jar) throws IOException {
    assertNotNull(jar);
    List<String> names = new ArrayList<>();
    if (!Files.isRegularFile(jar)) {
      throw new IOException(jar.toAbsolutePath() + " is missing: package the project first");
    }
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      Enumeration<? extends ZipEntry> all = zip.entries();
      while (all.hasMoreElements()) {
        names.add(all.nextElement().getName());
      }
    }
    return names;
  }
}
