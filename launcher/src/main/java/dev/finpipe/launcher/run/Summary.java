package dev.finpipe.launcher.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finpipe.launcher.plan.Durations;
import dev.finpipe.launcher.state.LaunchState;
import dev.finpipe.launcher.state.StepState;
import dev.finpipe.launcher.state.StepStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The end of a launch as people and machines read it: a table on stdout (also what {@code launch status} prints)
 * and a JSON file with every step's status, attempts, runIds, duration, error and Studio link.
 */
public final class Summary {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final int DETAIL_WIDTH = 100;
  private static final List<String> HEADER =
      List.of("STEP", "KIND", "TARGET", "STATUS", "ATTEMPTS", "DURATION", "RUN ID", "DETAIL");

  private Summary() {}

  /** 0 when every step succeeded, else 1. */
  public static int exitCode(LaunchState state) {
    return state.steps().values().stream().allMatch(s -> s.status() == StepStatus.SUCCEEDED) ? 0 : 1;
  }

  public static void printTable(LaunchState state, PrintWriter out) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADER);
    for (StepState step : state.steps().values()) {
      rows.add(List.of(step.name(), step.kind(), step.target(), step.status().label(),
          Integer.toString(step.attempts()), duration(step).map(Durations::format).orElse("-"),
          step.lastRunId().orElse("-"), detail(step)));
    }
    int[] widths = new int[HEADER.size()];
    rows.forEach(row -> {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    });
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + (widths[i] + 2) + "s", row.get(i)));
      }
      out.println(line.toString().stripTrailing());
    }
    long succeeded = state.steps().values().stream().filter(s -> s.status() == StepStatus.SUCCEEDED).count();
    out.println(succeeded + " of " + state.steps().size() + " steps succeeded");
  }

  /** Writes the JSON summary (atomically, like the state file). */
  public static void writeJson(LaunchState state, Path file, Instant endedAt) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("plan", state.plan());
    root.put("workspace", state.workspace());
    root.put("endpoint", state.endpoint());
    root.put("launchedAt", state.launchedAt());
    root.put("endedAt", endedAt.toString());
    root.put("exitCode", exitCode(state));
    ArrayNode steps = root.putArray("steps");
    for (StepState step : state.steps().values()) {
      ObjectNode node = JSON.valueToTree(step);
      node.remove(List.of("pid", "pidStartedAt", "attemptStartedAt", "createRunSentAt"));
      duration(step).ifPresent(d -> node.put("durationMs", d.toMillis()));
      steps.add(node);
    }
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      JSON.writeValue(temp.toFile(), root);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static Optional<Duration> duration(StepState step) {
    if (step.startedAt() == null || step.endedAt() == null) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(Instant.parse(step.startedAt()), Instant.parse(step.endedAt())));
  }

  private static String detail(StepState step) {
    // Studio links are long; they are in the log and the JSON summary rather than here.
    String text = Optional.ofNullable(step.message()).orElse("").replaceAll("\\s+", " ").trim();
    return text.length() > DETAIL_WIDTH ? text.substring(0, DETAIL_WIDTH - 3) + "..." : text;
  }
}
