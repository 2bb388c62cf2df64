package dev.finpipe.pipelines.generate;

import dev.finpipe.pipelines.cli.CommandLines;
import dev.finpipe.pipelines.common.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * Writes the seeded operations data of app_logs or infra_metrics ({@link OpsGenerator}) into a folder: one file per
 * time span, {@code batch-<seed>-01.jsonl}, {@code batch-<seed>-02.jsonl}, ..., and beside them
 * {@code expected-incidents.json} ({@link OpsManifest}), the incidents the default rules must find in them. Each file
 * is written under a temporary name and renamed once all are written; a closing line per file with what it holds,
 * by kind, goes to stderr.
 *
 * <pre>{@code
 * java @runners-config/jvm.options -cp pipelines/target/classes:$(cat pipelines/target/classpath.txt) \
 *   dev.finpipe.pipelines.generate.GenerateOps --domain=app_logs --seed=42 --outputDir=data/dev/input/app_logs
 * }</pre>
 *
 * <p>Exit codes: 0 done, 1 an I/O error, 2 a bad flag (the message names it and the expected form).
 */
@Command(name = "GenerateOps", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Writes seeded app log lines or infrastructure metric samples with injected incident episodes, "
        + "and the incidents they must give.")
public final class GenerateOps implements Callable<Integer> {
  public static final String MANIFEST = "expected-incidents.json";

  @Option(names = "--domain", required = true, converter = GeneratedDomain.Converter.class,
      description = "app_logs or infra_metrics.")
  GeneratedDomain domain;

  @Option(names = "--outputDir", required = true,
      description = "The folder of the files and the manifest (created when missing), e.g. data/dev/input/app_logs.")
  Path outputDir;

  @Mixin GeneratorFlags generator;

  @Spec CommandSpec spec;

  private final PrintStream err;

  GenerateOps(PrintStream err) {
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(execute(System.err, args));
  }

  /** Runs the command line with {@code err} as stderr; returns the exit code. */
  public static int execute(PrintStream err, String... args) {
    return CommandLines.execute(new GenerateOps(err), err, args);
  }

  /** The name of file {@code batch} (0-based) of a run with {@code seed}. */
  public static String fileName(long seed, int batch) {
    return String.format(Locale.ROOT, "batch-%d-%02d.jsonl", seed, batch + 1);
  }

  @Override
  public Integer call() throws IOException {
    if (!domain.isOps()) {
      throw new ParameterException(spec.commandLine(), "--domain is " + domain.id() + "; expected "
          + GeneratedDomain.ids(GeneratedDomain.APP_LOGS, GeneratedDomain.INFRA_METRICS)
          + " (GenerateTransactions and GenerateChanges write the others)");
    }
    if (Files.exists(outputDir) && !Files.isDirectory(outputDir)) {
      throw new ParameterException(spec.commandLine(),
          "--outputDir " + outputDir + " is a file; expected a folder such as data/dev/input/" + domain.id());
    }
    OpsSettings settings = generator.toOpsSettings(domain, spec);
    long started = System.nanoTime();
    OpsGenerator ops = OpsGenerator.create(settings);
    Files.createDirectories(outputDir);
    List<String> names = new ArrayList<>();
    List<Path> written = new ArrayList<>();
    List<List<OpsGenerator.Slot>> files = ops.slots(domain);
    for (int f = 0; f < files.size(); f++) {
      String name = fileName(settings.seed(), f);
      names.add(name);
      GeneratorStats stats = new GeneratorStats();
      Path tmp = outputDir.resolve("." + name + ".tmp");
      try (Writer writer = new BufferedWriter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8), 1 << 20)) {
        for (OpsGenerator.Slot slot : files.get(f)) {
          OpsGenerator.count(stats, slot);
          writer.write(slot.line());
          writer.write('\n');
        }
      }
      written.add(tmp);
      err.printf(Locale.ROOT, "GenerateOps: %s: %s (out of order: held back from the previous file)%n",
          outputDir.resolve(name), stats.summary());
    }
    Path manifestTmp = outputDir.resolve("." + MANIFEST + ".tmp");
    Files.writeString(manifestTmp, Json.write(OpsManifest.of(ops, domain, names)) + "\n", StandardCharsets.UTF_8);
    for (int f = 0; f < written.size(); f++) {
      Files.move(written.get(f), outputDir.resolve(names.get(f)), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(manifestTmp, outputDir.resolve(MANIFEST), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    long incidents = ops.expectedIncidents(domain, settings.batches() - 1).size();
    err.printf(Locale.ROOT, "GenerateOps: %s, %d services, %d minutes from %s, %d episodes, %d expected incidents "
            + "in %s (%.1f s)%n", domain.id(), settings.services(), settings.minutes(), settings.start(),
        ops.episodes().size(), incidents, outputDir.resolve(MANIFEST), (System.nanoTime() - started) / 1e9);
    return 0;
  }
}
