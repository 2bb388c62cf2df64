package dev.finpipe.pipelines.generate;

import dev.finpipe.pipelines.cli.CommandLines;
import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Writes seeded fake transactions as JSON lines: one file, {@code --files} part files in a directory, or stdout.
 * Prints progress every million lines and a closing line with what was written, by kind, to stderr.
 *
 * <pre>{@code
 * java @runners-config/jvm.options -cp pipelines/target/classes:$(cat pipelines/target/classpath.txt) \
 *   dev.finpipe.pipelines.generate.GenerateTransactions --count=1000000 --output=data/dev/input --files=4
 * }</pre>
 *
 * <p>Exit codes: 0 done, 1 an I/O error, 2 a bad flag (the message names it and the expected form).
 */
@Command(name = "GenerateTransactions", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Writes seeded fake banking transactions as JSON lines.")
public final class GenerateTransactions implements Callable<Integer> {
  private static final long PROGRESS_EVERY = 1_000_000;
  private static final int BUFFER_CHARS = 1 << 20;

  @Option(names = "--count", defaultValue = "10000",
      description = "Lines to write, duplicates and bad records included (default: ${DEFAULT-VALUE}).")
  long count;

  @Option(names = "--output", required = true,
      description = "A file (parent folders are created), a folder (with --files, or ending in /), or - for stdout.")
  String output;

  @Option(names = "--files", defaultValue = "1",
      description = "Split into this many files part-00000.jsonl... in the --output folder (default: ${DEFAULT-VALUE}).")
  int files;

  @Mixin GeneratorFlags generator;

  @Spec CommandSpec spec;

  private final OutputStream out;
  private final PrintStream err;

  GenerateTransactions(OutputStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(execute(System.out, System.err, args));
  }

  /** Runs the command line with {@code out} as stdout and {@code err} as stderr; returns the exit code. */
  static int execute(OutputStream out, PrintStream err, String... args) {
    return CommandLines.execute(new GenerateTransactions(out, err), err, args);
  }

  @Override
  public Integer call() throws IOException {
    if (count < 1) {
      throw new ParameterException(spec.commandLine(), "--count is " + count + "; expected a whole number >= 1");
    }
    if (files < 1 || files > count) {
      throw new ParameterException(spec.commandLine(),
          "--files is " + files + "; expected a whole number between 1 and --count (" + count + ")");
    }
    boolean toStdout = output.equals("-");
    if (toStdout && files > 1) {
      throw new ParameterException(spec.commandLine(), "--files=" + files + " needs a folder as --output, not -");
    }
    TransactionGenerator lines = TransactionGenerator.create(generator.toSettings(count, spec));
    long started = System.nanoTime();
    List<Path> written = new ArrayList<>();
    if (toStdout) {
      try (Writer writer = new BufferedWriter(new OutputStreamWriter(nonClosing(out), StandardCharsets.UTF_8),
          BUFFER_CHARS)) {
        write(lines, count, writer, started);
      }
    } else {
      for (int part = 0; part < files; part++) {
        Path path = target(part);
        Files.createDirectories(path.toAbsolutePath().getParent());
        long partLines = count * (part + 1) / files - count * part / files;
        try (Writer writer = new BufferedWriter(
            new OutputStreamWriter(Files.newOutputStream(path), StandardCharsets.UTF_8), BUFFER_CHARS)) {
          write(lines, partLines, writer, started);
        }
        written.add(path);
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    err.printf(Locale.ROOT, "GenerateTransactions: wrote %d lines to %s in %.1f s (%,.0f lines/s); %s%n",
        lines.stats().lines(), toStdout ? "stdout" : describe(written), seconds, lines.stats().lines() / seconds,
        lines.stats().summary());
    return 0;
  }

  private void write(TransactionGenerator lines, long n, Writer writer, long started) throws IOException {
    for (long i = 0; i < n; i++) {
      writer.write(lines.next());
      writer.write('\n');
      long done = lines.stats().lines();
      if (done % PROGRESS_EVERY == 0) {
        double seconds = (System.nanoTime() - started) / 1e9;
        err.printf(Locale.ROOT, "GenerateTransactions: %,d / %,d lines (%.0f%%), %,.0f lines/s%n",
            done, count, 100.0 * done / count, done / seconds);
      }
    }
  }

  /** The file for one part: {@code --output} itself, or {@code part-NNNNN.jsonl} inside it when it is a folder. */
  private Path target(int part) {
    Path path = Paths.get(output);
    boolean folder = files > 1 || output.endsWith("/") || Files.isDirectory(path);
    return folder ? path.resolve(String.format("part-%05d.jsonl", part)) : path;
  }

  private String describe(List<Path> written) {
    return written.size() == 1
        ? written.get(0).toString()
        : written.get(0).getParent() + " (" + written.size() + " files)";
  }

  /** Lets the writer be closed (flushed) without closing stdout ({@link GenerateChanges} too). */
  static OutputStream nonClosing(OutputStream stream) {
    return new FilterOutputStream(stream) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }
}
