/**
 * What the command-line tools that are not Beam pipelines (the generator, the producer) share: running a picocli
 * command with exit codes 0 done, 1 failed (one line, no stack trace), 2 bad flags (naming the flag).
 */
package dev.finpipe.pipelines.cli;
