/**
 * Running a plan: {@link dev.finpipe.launcher.run.Launcher} walks the step graph (parallel up to a limit, skipping
 * the dependants of failures, stopping on a failure unless told to go on), and a
 * {@link dev.finpipe.launcher.run.StepRunner} per kind of step drives one step through its attempts, timeouts and
 * cancels: {@link dev.finpipe.launcher.run.PipelineStepRunner} for Synapse runs,
 * {@link dev.finpipe.launcher.run.LocalStageRunner} for local stages. Every outcome lands in the state file, from
 * which {@link dev.finpipe.launcher.run.Summary} prints the end-of-launch table and JSON.
 */
package dev.finpipe.launcher.run;
