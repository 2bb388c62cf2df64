/**
 * The fake-data producer: {@link dev.finpipe.pipelines.produce.ProduceTransactions} sends the generator's lines of a
 * domain (transactions, or customer or account change records) to a Kafka topic, keyed by entity id, at a steady rate ({@link dev.finpipe.pipelines.produce.Pacer}), for a count
 * or until stopped, reporting what was sent, acknowledged and refused.
 */
package dev.finpipe.pipelines.produce;
