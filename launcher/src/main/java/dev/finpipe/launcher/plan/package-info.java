/**
 * The plan file: a YAML list of steps (Synapse pipeline runs and local medallion stages) with defaults and
 * {@code dependsOn} edges. {@link dev.finpipe.launcher.plan.PlanLoader} turns a file into a
 * {@link dev.finpipe.launcher.plan.Plan} only when all of it is valid, and otherwise reports every problem with its
 * line, so nothing starts on a plan that would fail half way for a typo.
 */
package dev.finpipe.launcher.plan;
