# The Kafka benchmark (bench/kafka.sh): producer and available-now bronze throughput, and end-to-end freshness of the
# continuous stages, on a broker of its own. Included by the root Makefile, which defines CLASSPATH_FILE and
# KAFKA_BROKER_CLASSPATH; settings come from the environment or the command line (EVENTS, REPEAT, STREAM_RATE,
# STREAM_SECONDS, TRIGGER, PARTITIONS, WARMUP_EVENTS, DRAIN_SECONDS, BENCH_KAFKA_PORT). bench-catchup (bench/catchup.sh):
# an available-now medallion over a Kafka backlog, per batch budget (EVENTS, LIMITS, PARTITIONS).

.PHONY: bench-kafka bench-catchup chaos soak

bench-kafka: $(CLASSPATH_FILE) $(KAFKA_BROKER_CLASSPATH) ## Kafka benchmark: producer, bronze ingest, freshness at 5,000 events/s (bench/results/kafka-*.json)
	bash bench/kafka.sh $(ENV)

bench-catchup: $(CLASSPATH_FILE) $(KAFKA_BROKER_CLASSPATH) ## Available-now medallion over a Kafka backlog (EVENTS, default 7.2M) per batch budget (LIMITS)
	bash bench/catchup.sh $(ENV)

chaos: $(CLASSPATH_FILE) $(KAFKA_BROKER_CLASSPATH) ## Exactly once under random SIGKILLs of the continuous stages (COUNT, RATE, KILL_MIN/KILL_MAX)
	bash bench/chaos.sh $(ENV)

SOAK_MINUTES ?= 60
SOAK_RATE ?= 2000
soak: $(CLASSPATH_FILE) $(KAFKA_BROKER_CLASSPATH) ## make stream at SOAK_RATE events/s for SOAK_MINUTES: per-batch time trend, every event exactly once
	STREAM=1 KILL_MIN=0 PRODUCE_ARGS=--days=1 RATE=$(SOAK_RATE) COUNT=$$(( $(SOAK_MINUTES) * 60 * $(SOAK_RATE) )) DRAIN_SECONDS=1800 bash bench/chaos.sh $(ENV)
