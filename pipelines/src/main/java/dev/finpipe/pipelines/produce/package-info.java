/**
 * The fake-transaction producer: {@link dev.finpipe.pipelines.produce.ProduceTransactions} sends the generator's lines
 * to a Kafka topic, keyed by account id, at a steady rate ({@link dev.finpipe.pipelines.produce.Pacer}), for a count
 * or until stopped, reporting what was sent, acknowledged and refused.
 */
package dev.finpipe.pipelines.produce;
