package dev.finpipe.pipelines.generate;

import dev.finpipe.pipelines.cli.CommandLines;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Writes the seeded change records of the customers or the accounts domain as JSON lines ({@link ChangeGenerator}),
 * to a file or stdout, and a closing line with what was written, by kind, to stderr. With the {@code --seed},
 * {@code --users}, {@code --days} and {@code --end} of a {@link GenerateTransactions} run, its transactions reference
 * these accounts and customers.
 *
 * <pre>{@code
 * java @runners-config/jvm.options -cp pipelines/target/classes:$(cat pipelines/target/classpath.txt) \
 *   dev.finpipe.pipelines.generate.GenerateChanges --domain=customers --output=data/dev/input/customers/batch-42.jsonl
 * }</pre>
 *
 * <p>Exit codes: 0 done, 1 an I/O error, 2 a bad flag (the message names it and the expected form).
 */
@Command(name = "GenerateChanges", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Writes seeded fake customer or account change records as JSON lines.")
public final class GenerateChanges implements Callable<Integer> {
  private static final int BUFFER_CHARS = 1 << 20;

  @Option(names = "--domain", required = true, converter = GeneratedDomain.Converter.class,
      description = "customers or accounts.")
  GeneratedDomain domain;

  @Option(names = "--output", required = true, description = "A file (parent folders are created), or - for stdout.")
  String output;

  @Mixin GeneratorFlags generator;

  @Spec CommandSpec spec;

  private final OutputStream out;
  private final PrintStream err;

  GenerateChanges(OutputStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(execute(System.out, System.err, args));
  }

  /** Runs the command line with {@code out} as stdout and {@code err} as stderr; returns the exit code. */
  static int execute(OutputStream out, PrintStream err, String... args) {
    return CommandLines.execute(new GenerateChanges(out, err), err, args);
  }

  @Override
  public Integer call() throws IOException {
    if (domain != GeneratedDomain.CUSTOMERS && domain != GeneratedDomain.ACCOUNTS) {
      throw new ParameterException(spec.commandLine(), "--domain is " + domain.id() + "; expected "
          + GeneratedDomain.ids(GeneratedDomain.CUSTOMERS, GeneratedDomain.ACCOUNTS)
          + (domain.isOps() ? " (GenerateOps writes app_logs and infra_metrics)"
              : " (GenerateTransactions writes transactions)"));
    }
    if (output.isEmpty() || (!output.equals("-") && Files.isDirectory(Paths.get(output)))) {
      throw new ParameterException(spec.commandLine(),
          "--output is '" + output + "'; expected a file such as data/dev/input/customers/batch-42.jsonl, or -");
    }
    long started = System.nanoTime();
    LineSource lines = generator.lines(domain, 0, spec);
    boolean toStdout = output.equals("-");
    OutputStream stream;
    if (toStdout) {
      stream = GenerateTransactions.nonClosing(out);
    } else {
      Path path = Paths.get(output);
      Files.createDirectories(path.toAbsolutePath().getParent());
      stream = Files.newOutputStream(path);
    }
    try (Writer writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), BUFFER_CHARS)) {
      while (lines.hasNext()) {
        writer.write(lines.next());
        writer.write('\n');
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    err.printf(Locale.ROOT, "GenerateChanges: wrote %d %s change records to %s in %.1f s; %s%n",
        lines.stats().lines(), domain.id(), toStdout ? "stdout" : output, seconds, lines.stats().summary());
    return 0;
  }
}
