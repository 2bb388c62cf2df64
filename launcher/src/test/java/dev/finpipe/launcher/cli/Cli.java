package dev.finpipe.launcher.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs {@code launch ...} in this JVM, as {@code main} would but without shutdown hooks, and captures what it
 * prints. Tests of the launcher go through here so they exercise the real option parsing and exit codes.
 */
public final class Cli {
  /** What one invocation returned and printed. */
  public record Result(int exitCode, String out, String err) {}

  private Cli() {}

  public static Result launch(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = LaunchCommand.commandLine(new LaunchCommand(env, new PrintStream(System.err), false,
        Clock.systemUTC()));
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    int code = line.execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
