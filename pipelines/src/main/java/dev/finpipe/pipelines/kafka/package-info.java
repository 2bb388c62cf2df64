/**
 * What the Kafka stages share: {@link dev.finpipe.pipelines.kafka.KafkaClientProperties} loads a client properties
 * file of {@code runners-config/$ENV/} (bootstrap servers, security protocol, SASL/SSL), filling {@code ${env:NAME}}
 * references from environment variables so that secrets never sit in the repository, nor in a log line.
 */
package dev.finpipe.pipelines.kafka;
