# Kafka without Docker: a local KRaft broker (kafka-up, kafka-down, kafka-status, kafka-topic) and the fake
# transaction producer (run-producer). Included by the root Makefile; the ?= defaults let it also run alone:
#   make -f make/kafka.mk kafka-up ENV=dev KAFKA_PORT=9092
ENV ?= dev
MVN ?= mvn -B
DATA_DIR ?= data/$(ENV)
LOG_DIR ?= logs/$(ENV)
PID_DIR ?= $(DATA_DIR)/pids

KAFKA_PORT ?= 9092
# Empty: KAFKA_PORT + 1.
KAFKA_CONTROLLER_PORT ?=
KAFKA_DIR ?= $(DATA_DIR)/kafka
KAFKA_HEAP_OPTS ?= -Xms256m -Xmx1g
TOPIC ?= transactions
PARTITIONS ?= 3

# run-producer: COUNT unset = until stopped (Ctrl-C or SIGTERM flush and close cleanly); RATE 0 = as fast as possible.
# COUNT is left undefined here, so that a default the root Makefile gives it (for generate) is not shadowed.
RATE ?= 1000
SEED ?= 42
# run-producer: transactions to TOPIC, or DOMAIN=customers|accounts: that domain's change records, or
# DOMAIN=app_logs|infra_metrics: the lines of `make generate DOMAIN=...`'s files (same SEED, same day, same GEN_ARGS
# given as PRODUCER_ARGS), to the topic of its name (ONE_DOMAIN, from the Makefile).
KAFKA_CONFIG ?= runners-config/$(ENV)/kafka.properties
# In dev the broker is ours, on KAFKA_PORT; elsewhere bootstrap.servers comes from $(KAFKA_CONFIG).
ifeq ($(ENV),dev)
KAFKA_BOOTSTRAP ?= 127.0.0.1:$(KAFKA_PORT)
endif
PRODUCER_ARGS ?=

KAFKA_BROKER_CLASSPATH ?= kafka-broker/target/classpath.txt
PIPELINES_CLASSPATH ?= pipelines/target/classpath.txt
KAFKA_SH = ENV=$(ENV) KAFKA_PORT=$(KAFKA_PORT) KAFKA_CONTROLLER_PORT=$(KAFKA_CONTROLLER_PORT) \
  KAFKA_DIR=$(KAFKA_DIR) KAFKA_LOG=$(LOG_DIR)/kafka.log KAFKA_HEAP_OPTS="$(KAFKA_HEAP_OPTS)" \
  TOPIC=$(TOPIC) PARTITIONS=$(PARTITIONS) bash scripts/kafka.sh

.PHONY: kafka-up kafka-down kafka-status kafka-topic run-producer

# touch: Maven leaves an unchanged classpath file as it was, and make would otherwise rebuild on every call.
$(KAFKA_BROKER_CLASSPATH): kafka-broker/pom.xml pom.xml
	$(MVN) -q -f kafka-broker/pom.xml package
	touch $@

kafka-up: $(KAFKA_BROKER_CLASSPATH) ## Start the local KRaft broker (no Docker) on KAFKA_PORT, data in $(KAFKA_DIR)
	@$(KAFKA_SH) up

kafka-down: ## Stop the local broker
	@$(KAFKA_SH) down

kafka-status: ## Is the local broker up? Its pid, port, cluster id, data size and log
	@$(KAFKA_SH) status

kafka-topic: $(KAFKA_BROKER_CLASSPATH) ## Create TOPIC with PARTITIONS partitions (run-producer does it too)
	@$(KAFKA_SH) topic

# java @runners-config/jvm.options -cp pipelines/target/classes:<runtime classpath> ... (written by `mvn package`).
# The subshell records its pid in $(PID_DIR)/$(PRODUCER).pid, then becomes the JVM with exec (same pid), so that
# `make kill-all` stops it. tee ignores Ctrl-C, SIGTERM and SIGHUP sent to the whole group and ends when the producer
# does, so the producer's final summary (printed after it flushed and closed) still reaches $(PRODUCER).log.
# A change-domain producer has files of its own (producer-customers.pid), so that it can run beside transactions'.
PRODUCER = producer$(if $(filter-out transactions,$(ONE_DOMAIN)),-$(ONE_DOMAIN))
run-producer: ## Send fake transactions to TOPIC at RATE events/s, COUNT of them or until stopped (DOMAIN=customers|accounts|app_logs|infra_metrics: that domain's records to the topic of that name)
	@test -s $(PIPELINES_CLASSPATH) || { echo "$(PIPELINES_CLASSPATH) is missing: build the pipelines first (mvn -B package -DskipTests)" >&2; exit 1; }
	@mkdir -p $(LOG_DIR) $(PID_DIR)
	@bash -c 'set -o pipefail; (echo $$BASHPID > $(PID_DIR)/$(PRODUCER).pid; exec java @runners-config/jvm.options \
	  -cp pipelines/target/classes:$$(cat $(PIPELINES_CLASSPATH)) dev.finpipe.pipelines.produce.ProduceTransactions \
	  --config=$(KAFKA_CONFIG) $(if $(KAFKA_BOOTSTRAP),--bootstrapServers=$(KAFKA_BOOTSTRAP)) \
	  --domain=$(ONE_DOMAIN) $(if $(filter transactions,$(ONE_DOMAIN)),--topic=$(TOPIC)) --partitions=$(PARTITIONS) \
	  --rate=$(RATE) --seed=$(SEED) $(if $(COUNT),--count=$(COUNT)) $(PRODUCER_ARGS)) 2>&1 | \
	  (trap "" INT TERM HUP; exec tee -a $(LOG_DIR)/$(PRODUCER).log)'
