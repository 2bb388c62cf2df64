package dev.finpipe.pipelines.common;

import dev.finpipe.io.TableSpec;
import dev.finpipe.options.WarehouseOptions;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The one skeleton every stage's run follows: start (clock, run id, report, the file systems, the journal settled),
 * plan (the stage's own), then either {@link #nothingToDo} or {@link #runPipeline} (journal started, pipeline built,
 * run to completion), the books (the stage's own), {@link #commits} and {@link #finish}. A stage writes only what
 * is its own: its plan, its pipeline, its books and which tables it commits how.
 *
 * <pre>{@code
 * StageRun run = StageRun.start(options, "silver", domain.stageLabel("silver"), domain.appId("silver"));
 * ... plan from the Delta logs; if nothing: return run.nothingToDo("no bronze version after 3");
 * PipelineResult result = run.runPipeline(List.of(quarantine, silver), p -> build(p, ...), BronzeToSilver.class, "bronze_rows_read");
 * ... books into run.report()
 * run.commits(Map.of(quarantine, rows, silver, rows)).add(...).add(...).commit();
 * return run.finish();
 * }</pre>
 */
public final class StageRun {
  private final long start = System.currentTimeMillis();
  private final PipelineOptions options;
  private final String stage;
  private final String warehouse;
  private final String runId;
  private final RunReport report;
  private final CommitJournal journal;

  private StageRun(PipelineOptions options, String stage, String label, String appId) {
    this.options = options;
    this.stage = stage;
    this.warehouse = Warehouses.normalize(((WarehouseOptions) options).getWarehouse());
    this.runId = RunIds.next(stage);
    this.report = new RunReport(label, runId, options.getRunner().getSimpleName());
    FileSystems.setDefaultPipelineOptions(options);
    this.journal = CommitJournal.recover(warehouse, appId, report);
  }

  /**
   * Starts a run of {@code stage} ({@code bronze}, {@code silver}, ...; it names run ids), reported as {@code label},
   * committing under {@code appId}: runs of the app an earlier attempt decided are finished first.
   */
  public static StageRun start(PipelineOptions options, String stage, String label, String appId) {
    return new StageRun(options, stage, label, appId);
  }

  public String warehouse() {
    return warehouse;
  }

  public String runId() {
    return runId;
  }

  public RunReport report() {
    return report;
  }

  /** When the run started, in epoch milliseconds. */
  public long startMillis() {
    return start;
  }

  /** Ends a run that found nothing to do: {@code note} says why; nothing is committed. */
  public RunReport nothingToDo(String note) {
    return report.note(note + "; nothing committed").elapsedMillis(System.currentTimeMillis() - start);
  }

  /**
   * Records in the journal that the run writes files into {@code tables}, builds the pipeline with {@code build} and
   * runs it to completion (progress from the counter {@code progressCounter} of {@code progressNamespace}).
   */
  public PipelineResult runPipeline(
      List<TableSpec> tables, Consumer<Pipeline> build, Class<?> progressNamespace, String progressCounter) {
    journal.started(runId, tables);
    Pipeline pipeline = Pipeline.create(options);
    PipelineRuns.configure(options);
    build.accept(pipeline);
    return PipelineRuns.runToCompletion(pipeline, stage, progressNamespace, progressCounter);
  }

  /** The run's commits, after its files are found and checked against {@code expectedRows} per table. */
  public TableCommits commits(Map<TableSpec, Long> expectedRows) {
    return TableCommits.stage(journal, runId, report, expectedRows);
  }

  /** The report, with the run's time. */
  public RunReport finish() {
    return report.elapsedMillis(System.currentTimeMillis() - start);
  }
}
