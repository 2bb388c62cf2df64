package dev.finpipe.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.After;
import org.junit.Test;

/** Each created configuration is a copy of the parsed defaults: its own settings never leak into the next one. */
public class HadoopConfigurationsTest {
  @After
  public void forgetSettings() {
    HadoopConfigurations.install(Map.of());
  }

  @Test
  public void everyConfigurationCarriesTheDefaultsTheLogStoresAndTheInstalledSettings() {
    HadoopConfigurations.install(Map.of("fs.s3a.endpoint", "http://127.0.0.1:9000"));
    Configuration conf = HadoopConfigurations.create();
    assertEquals("file:///", conf.get("fs.defaultFS")); // from core-default.xml
    assertEquals("http://127.0.0.1:9000", conf.get("fs.s3a.endpoint"));
    HadoopConfigurations.DELTA_LOG_STORES.forEach((key, store) -> assertEquals(key, store, conf.get(key)));

    HadoopConfigurations.install(Map.of());
    assertNull(HadoopConfigurations.create().get("fs.s3a.endpoint"));
  }

  @Test
  public void aChangeToOneConfigurationDoesNotReachTheNext() {
    Configuration first = HadoopConfigurations.create();
    first.set("finpipe.test.key", "changed");
    first.set("fs.defaultFS", "s3a://elsewhere");
    Configuration second = HadoopConfigurations.create();
    assertNull(second.get("finpipe.test.key"));
    assertEquals("file:///", second.get("fs.defaultFS"));
    assertTrue(second != first);
  }
}
