/**
 * The read-only web dashboard over a FinPipe warehouse: {@link dev.finpipe.dashboard.Dashboard} starts it,
 * {@link dev.finpipe.dashboard.WarehouseView} finds each table's live files and history through
 * {@code DeltaTable}, {@link dev.finpipe.dashboard.ParquetQueries} runs DuckDB over exactly those Parquet files (cached
 * per table version), and {@link dev.finpipe.dashboard.DashboardServer} serves the pages and their JSON API.
 */
package dev.finpipe.dashboard;
