package dev.finpipe.launcher.synapse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Links to a run in Synapse Studio. Studio identifies a workspace by its Azure resource id
 * ({@code /subscriptions/.../workspaces/<name>}), which the data plane does not tell; so a link exists only when the
 * plan gives {@code studioWorkspaceId}, and otherwise the logs show the runId alone.
 */
public final class StudioLink {
  private StudioLink() {}

  public static Optional<String> forRun(Optional<String> studioWorkspaceId, String runId) {
    return studioWorkspaceId.map(id -> "https://web.azuresynapse.net/en/monitoring/pipelineruns/" + runId
        + "?workspace=" + URLEncoder.encode(id, StandardCharsets.UTF_8));
  }
}
