package dev.finpipe.launcher.run;

/** Runs one kind of step to its end, retries included; the launcher records what it returns. */
public interface StepRunner {

  StepOutcome run(StepContext context);
}
