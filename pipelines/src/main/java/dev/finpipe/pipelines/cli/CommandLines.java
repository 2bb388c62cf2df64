package dev.finpipe.pipelines.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** Runs a picocli command the way every FinPipe tool does. */
public final class CommandLines {
  private CommandLines() {}

  /**
   * Runs {@code command} with {@code args}, usage errors and failures going to {@code err}.
   *
   * @return 0 done (or the command's own code), 1 a failure reported as one line, 2 a bad flag
   */
  public static int execute(Callable<Integer> command, PrintStream err, String... args) {
    CommandLine commandLine = new CommandLine(command).setErr(new PrintWriter(err, true));
    return commandLine
        .setExecutionExceptionHandler((e, failed, parseResult) -> {
          err.println(commandLine.getCommandName() + ": failed: " + e);
          return CommandLine.ExitCode.SOFTWARE;
        })
        .execute(args);
  }
}
