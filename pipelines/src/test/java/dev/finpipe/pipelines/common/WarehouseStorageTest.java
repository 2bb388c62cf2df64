package dev.finpipe.pipelines.common;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import dev.finpipe.io.HadoopConfigurations;
import dev.finpipe.options.WarehouseOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.hdfs.HadoopFileSystemOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.hadoop.conf.Configuration;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** What a warehouse on an object store gets: Beam's Hadoop file system for its scheme, and the --hadoopConfig settings. */
public class WarehouseStorageTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @After
  public void forgetSettings() {
    HadoopConfigurations.install(Map.of());
  }

  @Test
  public void s3aWarehouseRegistersItsSchemeWithTheFileSettingsAndTheS3LogStore() throws IOException {
    Path config = file("fs.s3a.endpoint=http://127.0.0.1:9000", "fs.s3a.secret.key=${env.FINPIPE_S3_SECRET}");
    WarehouseOptions options = options("--warehouse=s3a://lake/finpipe", "--hadoopConfig=" + config);
    WarehouseStorage.configure(options);

    List<Configuration> confs = options.as(HadoopFileSystemOptions.class).getHdfsConfiguration();
    assertEquals(1, confs.size());
    assertEquals("s3a://lake", confs.get(0).get("fs.defaultFS"));
    assertEquals("http://127.0.0.1:9000", confs.get(0).get("fs.s3a.endpoint"));
    // The reference travels; Hadoop resolves it when the value is read, in the process that reads it.
    assertEquals("${env.FINPIPE_S3_SECRET}", confs.get(0).getRaw("fs.s3a.secret.key"));
    Configuration driver = HadoopConfigurations.create();
    assertEquals("http://127.0.0.1:9000", driver.get("fs.s3a.endpoint"));
    assertEquals("io.delta.standalone.internal.storage.S3SingleDriverLogStore", driver.get("delta.logStore.s3a.impl"));
    assertEquals("io.delta.standalone.internal.storage.AzureLogStore", driver.get("delta.logStore.abfss.impl"));
  }

  @Test
  public void prodSettingsFileIsAcceptedAsShipped() {
    Map<String, String> settings = WarehouseStorage.read("../runners-config/prod/hadoop.properties");
    assertEquals("io.delta.standalone.internal.storage.S3SingleDriverLogStore", settings.get("delta.logStore.s3a.impl"));
    assertEquals("com.amazonaws.auth.DefaultAWSCredentialsProviderChain", settings.get("fs.s3a.aws.credentials.provider"));
  }

  @Test
  public void settingThatNamesAProviderIsNoSecret() throws IOException {
    Path config = file("fs.azure.sas.token.provider.type=org.example.SasTokens");
    assertEquals(Map.of("fs.azure.sas.token.provider.type", "org.example.SasTokens"), WarehouseStorage.read(config.toString()));
  }

  @Test
  public void localWarehouseLeavesBeamsFileSystemsAlone() {
    WarehouseOptions options = options("--warehouse=" + tmp.getRoot());
    WarehouseStorage.configure(options);
    assertNull(options.as(HadoopFileSystemOptions.class).getHdfsConfiguration());
  }

  @Test
  public void secretWrittenInTheFileIsRefused() throws IOException {
    Path config = file("fs.azure.account.key.lake.blob.core.windows.net=c2VjcmV0");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> WarehouseStorage.configure(options("--warehouse=wasb://c@lake.blob.core.windows.net/x", "--hadoopConfig=" + config)));
    assertThat(e.getMessage(), containsString("fs.azure.account.key.lake.blob.core.windows.net"));
    assertThat(e.getMessage(), containsString("${env.NAME}"));
    assertThat(e.getMessage(), org.hamcrest.Matchers.not(containsString("c2VjcmV0")));
  }

  @Test
  public void missingSettingsFileNamesTheFlag() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> WarehouseStorage.configure(options("--warehouse=s3a://lake/x", "--hadoopConfig=" + tmp.getRoot() + "/none.properties")));
    assertThat(e.getMessage(), containsString("--hadoopConfig: cannot read"));
  }

  @Test
  public void warehouseWithoutBucketIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> WarehouseStorage.configure(options("--warehouse=s3a:///finpipe")));
    assertThat(e.getMessage(), containsString("names no bucket or container"));
  }

  private Path file(String... lines) throws IOException {
    Path file = tmp.newFile().toPath();
    Files.write(file, List.of(lines), StandardCharsets.UTF_8);
    return file;
  }

  private static WarehouseOptions options(String... args) {
    return PipelineOptionsFactory.fromArgs(args).as(WarehouseOptions.class);
  }
}
