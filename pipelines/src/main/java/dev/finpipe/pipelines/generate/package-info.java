/**
 * The seeded fake-transaction generator: {@link dev.finpipe.pipelines.generate.TransactionGenerator} lazily yields
 * JSON lines of the input contract (realistic users, accounts, currencies and amounts) mixed, at configurable rates,
 * with exact duplicates, every kind of invalid record ({@link dev.finpipe.pipelines.generate.InvalidKind}), late and
 * out-of-order events. {@link dev.finpipe.pipelines.generate.GenerateTransactions} writes them to files; the Kafka
 * producer sends the very same lines to a topic.
 */
package dev.finpipe.pipelines.generate;
