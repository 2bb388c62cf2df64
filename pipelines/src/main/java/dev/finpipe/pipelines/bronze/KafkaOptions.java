package dev.finpipe.pipelines.bronze;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Where bronze reads Kafka from. */
public interface KafkaOptions extends PipelineOptions {
  @Description("Kafka client properties file (bootstrap servers, security.protocol, SASL/SSL); ${env:NAME} is "
      + "replaced by the environment variable NAME, so secrets stay out of the file.")
  @Default.String("runners-config/dev/kafka.properties")
  String getKafkaConfig();

  void setKafkaConfig(String kafkaConfig);

  @Description("Overrides bootstrap.servers from --kafkaConfig, e.g. 127.0.0.1:9092.")
  String getBootstrapServers();

  void setBootstrapServers(String bootstrapServers);

  @Description("Topic to ingest. Default: the domain's topic setting, else the domain's name (e.g. transactions).")
  String getTopic();

  void setTopic(String topic);
}
