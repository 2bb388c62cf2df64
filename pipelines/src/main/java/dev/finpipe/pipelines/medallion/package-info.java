/**
 * Whole-lakehouse commands: {@link dev.finpipe.pipelines.medallion.RunMedallion} runs bronze, silver and gold in
 * order in one process, and {@link dev.finpipe.pipelines.medallion.ShowTables} prints what the tables hold.
 */
package dev.finpipe.pipelines.medallion;
