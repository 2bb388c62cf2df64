package dev.finpipe.testing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.Test;

public class LocalKafkaBrokerTest {
  private static final List<String> VALUES =
      List.of("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");

  @Test
  public void recordsProducedBeforeARestartAreReadAfterIt() throws Exception {
    LocalKafkaBroker broker = LocalKafkaBroker.create();
    Path data = broker.dataDir();
    try (broker) {
      broker.start();
      broker.createTopic("events", 1);
      produce(broker, "events", VALUES);

      assertThat(values(broker.readAll("events")), contains(VALUES.toArray()));

      int port = broker.port();
      broker.restart();
      assertTrue(broker.isRunning());
      assertEquals(port, broker.port());
      assertThat(values(broker.readAll("events")), contains(VALUES.toArray()));
    }
    assertFalse(broker.isRunning());
    assertThat("the temporary data folder is removed", Files.exists(data), is(false));
  }

  private static void produce(LocalKafkaBroker broker, String topic, List<String> values) throws Exception {
    Properties properties = broker.clientProperties();
    properties.setProperty(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < values.size(); i++) {
        producer.send(new ProducerRecord<>(topic, "k" + i, values.get(i))).get(30, TimeUnit.SECONDS);
      }
    }
  }

  private static List<String> values(List<ConsumerRecord<String, String>> records) {
    return records.stream().map(ConsumerRecord::value).collect(Collectors.toList());
  }
}
