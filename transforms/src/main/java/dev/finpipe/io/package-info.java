/**
 * Table layouts and file I/O: {@link dev.finpipe.io.Tables} describes the five lakehouse tables once, the
 * {@code *Rows} formats turn model records into Parquet rows and back, {@link dev.finpipe.io.WriteTableFiles} writes a
 * run's Parquet files under uniquely named paths, and {@link dev.finpipe.io.ReadTableFiles} reads exactly the files a
 * Delta snapshot lists. Committing those files is the job of {@code dev.finpipe.delta}.
 */
package dev.finpipe.io;
