package dev.finpipe.launcher.synapse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Optional;
import org.junit.Test;

public class StudioLinkTest {

  @Test
  public void linkCarriesTheEncodedWorkspaceResourceId() {
    assertThat(StudioLink.forRun(Optional.of(
            "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Synapse/workspaces/syn-interbank-lake"),
        "2f7fdb90-5df1"), equalTo(Optional.of("https://web.azuresynapse.net/en/monitoring/pipelineruns/"
        + "2f7fdb90-5df1?workspace=%2Fsubscriptions%2Fs1%2FresourceGroups%2Frg%2Fproviders%2FMicrosoft.Synapse"
        + "%2Fworkspaces%2Fsyn-interbank-lake")));
  }

  @Test
  public void noWorkspaceIdNoLink() {
    assertThat(StudioLink.forRun(Optional.empty(), "2f7fdb90"), equalTo(Optional.empty()));
  }
}
