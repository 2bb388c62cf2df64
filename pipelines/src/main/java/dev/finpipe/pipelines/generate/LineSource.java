package dev.finpipe.pipelines.generate;

import java.util.Iterator;

/** A generator's JSON lines, with the counts of what it has yielded so far: what the producer sends, per domain. */
public interface LineSource extends Iterator<String> {
  GeneratorStats stats();
}
