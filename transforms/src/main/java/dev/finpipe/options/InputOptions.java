package dev.finpipe.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** What bronze ingests from files. */
public interface InputOptions extends PipelineOptions {
  @Description("Glob of JSON-lines files to ingest into bronze; files already ingested (same path, size, mtime) are "
      + "skipped. Default: the domain's input setting, else data/dev/input/*.jsonl for transactions and "
      + "data/dev/input/<domain>/*.jsonl for the others.")
  String getInput();

  void setInput(String input);

  @Description("Lines longer than this many bytes are refused to quarantine (stage INGEST, reason OVERSIZE).")
  @Default.Integer(1024 * 1024)
  int getMaxRecordBytes();

  void setMaxRecordBytes(int maxRecordBytes);

  @Description(
      "How long bronze remembers which files it ingested (e.g. 7d, 12h): files modified longer ago than this before"
          + " the run are not ingested at all, so a forgotten file is never ingested twice.")
  @Default.String("7d")
  String getFileProgressRetention();

  void setFileProgressRetention(String retention);
}
