/**
 * Test support shared by the pipelines' tests: {@link dev.finpipe.testing.LocalKafkaBroker}, a real single-node KRaft
 * broker started as a child JVM on free loopback ports, for the Kafka producer and the Kafka stages' tests.
 */
package dev.finpipe.testing;
