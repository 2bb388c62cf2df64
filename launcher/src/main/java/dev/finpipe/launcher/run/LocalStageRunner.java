package dev.finpipe.launcher.run;

import dev.finpipe.launcher.control.Deadline;
import dev.finpipe.launcher.plan.Durations;
import dev.finpipe.launcher.plan.LocalStage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs a {@link LocalStage} as a subprocess built from the plan's {@code localCommand} template (by default
 * {@code make -C <projectDir> <stage> ENV=.. RUNNER=.. ARGS=..}). Its output goes to the log line by line under the
 * step's prefix; exit code 0 is success, anything else a failed attempt that is retried like a failed pipeline run.
 * On timeout or when the launcher stops, the whole process tree is ended.
 */
public final class LocalStageRunner implements StepRunner {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");
  private static final Duration CHECK_EVERY = Duration.ofMillis(50);
  private static final Duration KILL_GRACE = Duration.ofSeconds(10);

  private final List<String> template;
  private final Path projectDir;
  private final Clock clock;

  public LocalStageRunner(List<String> template, Path projectDir, Clock clock) {
    this.template = List.copyOf(template);
    this.projectDir = projectDir;
    this.clock = clock;
  }

  @Override
  public StepOutcome run(StepContext context) {
    LocalStage stage = (LocalStage) context.step();
    return Attempts.run(context, null, (number, deadline) -> attempt(stage, context, number, deadline));
  }

  /** The command for one attempt, every {@code {placeholder}} of the template filled in. */
  public static List<String> command(List<String> template, LocalStage stage, Path projectDir, int attempt) {
    List<String> command = new ArrayList<>();
    for (String part : template) {
      Matcher m = PLACEHOLDER.matcher(part);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(out, Matcher.quoteReplacement(value(m.group(1), stage, projectDir, attempt)));
      }
      m.appendTail(out);
      command.add(out.toString());
    }
    return command;
  }

  private static String value(String name, LocalStage stage, Path projectDir, int attempt) {
    switch (name) {
      case "projectDir":
        return projectDir.toString();
      case "stage":
        return stage.stage();
      case "env":
        return stage.env();
      case "runner":
        return stage.runner();
      case "domain":
        return stage.domain();
      case "args":
        return String.join(" ", stage.args());
      case "step":
        return stage.name();
      case "attempt":
        return Integer.toString(attempt);
      default:
        return "{" + name + "}";
    }
  }

  private StepOutcome attempt(LocalStage stage, StepContext context, int number, Deadline deadline) {
    List<String> command = command(template, stage, projectDir, number);
    context.log().info("Running (attempt {}): {}", number, printable(command));
    Process process;
    try {
      process = new ProcessBuilder(command).directory(projectDir.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      return StepOutcome.failed("cannot start " + command.get(0) + ": " + e.getMessage(), false);
    }
    String startedAt = process.info().startInstant().map(Instant::toString).orElse(null);
    context.record(s -> s.toBuilder().process(process.pid(), startedAt).build());
    Thread output = new Thread(() -> copyOutput(process, context.log()), "output-" + stage.name());
    output.setDaemon(true);
    output.start();
    StepOutcome outcome = await(process, stage, context, deadline);
    try {
      output.join(KILL_GRACE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    context.record(s -> s.toBuilder().process(null, null).build());
    return outcome;
  }

  private StepOutcome await(Process process, LocalStage stage, StepContext context, Deadline deadline) {
    Instant start = clock.instant();
    try {
      while (!process.waitFor(CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS)) {
        if (context.stop().isStopped()) {
          context.log().warn("The launcher is stopping ({}); ending the {} stage", context.stop().reason(),
              stage.stage());
          ProcessTree.destroy(process.toHandle(), KILL_GRACE);
          return StepOutcome.cancelled("the launcher stopped (" + context.stop().reason() + ")");
        }
        if (deadline.passed(clock)) {
          context.log().warn("The {} stage passed its timeout of {}; ending it", stage.stage(),
              Durations.format(stage.policy().timeout()));
          ProcessTree.destroy(process.toHandle(), KILL_GRACE);
          return StepOutcome.timedOut("timed out after " + Durations.format(stage.policy().timeout()));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ProcessTree.destroy(process.toHandle(), KILL_GRACE);
      return StepOutcome.cancelled("interrupted");
    }
    String took = Durations.format(Duration.between(start, clock.instant()));
    int exit = process.exitValue();
    if (exit == 0) {
      context.log().info("The {} stage succeeded in {}", stage.stage(), took);
      return StepOutcome.succeeded(stage.stage() + " succeeded in " + took);
    }
    context.log().error("The {} stage failed with exit code {} after {}", stage.stage(), exit, took);
    return StepOutcome.failed(stage.stage() + " exited with code " + exit, true);
  }

  private static void copyOutput(Process process, StepLog log) {
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        log.info("| {}", line);
      }
    } catch (IOException e) {
      // The stream closes when the process is destroyed; nothing is lost that the log could still show.
    }
  }

  private static String printable(List<String> command) {
    return command.stream().map(a -> a.isEmpty() || a.matches(".*[\\s'\"$].*") ? "'" + a.replace("'", "'\\''")
        + "'" : a).collect(Collectors.joining(" "));
  }
}
