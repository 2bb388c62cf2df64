/**
 * Table maintenance: {@link dev.finpipe.pipelines.maintenance.Optimize} compacts small files (one
 * {@code dataChange=false} version per table), {@link dev.finpipe.pipelines.maintenance.ShowHistory} prints a table's
 * versions like {@code DESCRIBE HISTORY}, and {@link dev.finpipe.pipelines.maintenance.PartitionFilter} selects
 * partitions for them. The retention vacuum lives with the leftovers vacuum in
 * {@link dev.finpipe.pipelines.common.Vacuum}.
 */
package dev.finpipe.pipelines.maintenance;
