# The Kafka benchmark (bench/kafka.sh): producer and available-now bronze throughput, and end-to-end freshness of the
# continuous stages, on a broker of its own. Included by the root Makefile, which defines CLASSPATH_FILE and
# KAFKA_BROKER_CLASSPATH; settings come from the environment or the command line (EVENTS, REPEAT, STREAM_RATE,
# STREAM_SECONDS, TRIGGER, PARTITIONS, WARMUP_EVENTS, DRAIN_SECONDS, BENCH_KAFKA_PORT).

.PHONY: bench-kafka chaos

bench-kafka: $(CLASSPATH_FILE) $(KAFKA_BROKER_CLASSPATH) ## Kafka benchmark: producer, bronze ingest, freshness at 5,000 events/s (bench/results/kafka-*.json)
	bash bench/kafka.sh $(ENV)

chaos: $(CLASSPATH_FILE) $(KAFKA_BROKER_CLASSPATH) ## Exactly once under random SIGKILLs of the continuous stages (COUNT, RATE, KILL_MIN/KILL_MAX)
	bash bench/chaos.sh $(ENV)
