package dev.finpipe.dashboard;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.Test;
import picocli.CommandLine;

/** A bad flag stops the dashboard before it listens, with exit code 2 and a message naming the flag. */
public class DashboardCommandLineTest {
  private static String refused(String... args) {
    StringWriter err = new StringWriter();
    int code = new CommandLine(new Dashboard()).setErr(new PrintWriter(err, true)).execute(args);
    assertEquals(err.toString(), 2, code);
    return err.toString();
  }

  @Test
  public void aPortOutOfRangeIsRefused() {
    assertThat(refused("--port=70000"), containsString("--port=70000 is not a port: use 0-65535"));
  }

  @Test
  public void aDurationThatIsNoneIsRefused() {
    assertThat(refused("--behindAfter=soon"), containsString("--behindAfter=soon is not a duration"));
    assertThat(refused("--poll=0s"), containsString("--poll=0s must be positive"));
  }

  @Test
  public void aRemoteWarehouseIsRefused() {
    assertThat(refused("--warehouse=abfss://lake@account.dfs.core.windows.net/finpipe"),
        containsString("the dashboard reads local warehouses only"));
  }
}
