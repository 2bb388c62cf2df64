/**
 * The seeded fake-transaction generator: {@link dev.finpipe.pipelines.generate.TransactionGenerator} lazily yields
 * JSON lines of the input contract (realistic users, accounts, currencies and amounts) mixed, at configurable rates,
 * with exact duplicates, every kind of invalid record ({@link dev.finpipe.pipelines.generate.InvalidKind}), late and
 * out-of-order events. {@link dev.finpipe.pipelines.generate.ChangeGenerator} yields the change records of the
 * customers and accounts domains for the same users and accounts, and
 * {@link dev.finpipe.pipelines.generate.OpsGenerator} the log lines and metric samples of the operations domains
 * with injected incident episodes, whose incidents {@link dev.finpipe.pipelines.generate.ExpectedIncidents} computes.
 * {@link dev.finpipe.pipelines.generate.GenerateTransactions}, {@link dev.finpipe.pipelines.generate.GenerateChanges}
 * and {@link dev.finpipe.pipelines.generate.GenerateOps} write them to files; the Kafka producer sends the very same
 * lines to a topic.
 */
package dev.finpipe.pipelines.generate;
