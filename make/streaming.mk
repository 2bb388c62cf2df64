# Continuous stages (repeated bounded micro-batches) and the seed's four-pane workflow. Included by the root
# Makefile, which defines JAVA, RUNNER_ARGS, WAREHOUSE, LOG_DIR and DATA_DIR.

TRIGGER  ?= 10s
PID_DIR  ?= $(DATA_DIR)/pids
STREAM_KAFKA_CONFIG ?= runners-config/$(ENV)/kafka.properties
# A topic overrides the domain's (runners-config/$(ENV)/domains/<domain>.yaml): give it with one DOMAIN only.
STREAM_TOPIC ?=
ifeq ($(ENV),dev)
STREAM_BOOTSTRAP ?= 127.0.0.1:$(or $(KAFKA_PORT),9092)
endif

# Runs a long-lived stage, recording its pid so kill-all stops exactly it: the subshell writes its own pid,
# then becomes the JVM with exec (same pid).
run-recorded = mkdir -p $(LOG_DIR) $(PID_DIR) && \
	( echo $$BASHPID > $(PID_DIR)/$(1).pid; exec $(JAVA) $(2) ) 2>&1 | tee -i -a $(LOG_DIR)/$(1).log

.PHONY: stream stream-bronze bronze-to-silver silver-to-gold tmux-up kill-all

# Prometheus metrics of the continuous targets at http://127.0.0.1:<port>/metrics (METRICS=off: none).
METRICS ?= on
STREAM_METRICS_PORT ?= 9400
BRONZE_METRICS_PORT ?= 9401
SILVER_METRICS_PORT ?= 9402
GOLD_METRICS_PORT   ?= 9403
metrics-flag = $(if $(filter on,$(METRICS)),--metricsPort=$(1))

# Where the Kafka stages read: the client config, the topic and (dev) our broker.
STREAM_KAFKA_ARGS = --kafkaConfig=$(STREAM_KAFKA_CONFIG) $(if $(STREAM_TOPIC),--topic=$(STREAM_TOPIC)) \
  $(if $(STREAM_BOOTSTRAP),--bootstrapServers=$(STREAM_BOOTSTRAP))

stream: $(CLASSPATH_FILE) ## Kafka -> bronze -> silver -> gold every TRIGGER in one process and Spark context, until stopped
	$(call run-recorded,stream,dev.finpipe.pipelines.medallion.RunMedallion $(RUNNER_ARGS) $(MEDALLION_DOMAIN_ARGS) --source=KAFKA --continuous \
	  --triggerInterval=$(TRIGGER) $(STREAM_KAFKA_ARGS) $(call metrics-flag,$(STREAM_METRICS_PORT)) $(ALERTS_ARGS) $(INCIDENT_ARGS) \
	  --warehouse=$(WAREHOUSE) $(ARGS))

stream-bronze: $(CLASSPATH_FILE) ## Kafka -> bronze every TRIGGER (10s) until stopped, offsets committed with the data
	$(call run-recorded,bronze,dev.finpipe.pipelines.bronze.BronzeFromKafka $(RUNNER_ARGS) $(STAGE_DOMAIN_ARGS) --continuous \
	  --triggerInterval=$(TRIGGER) $(STREAM_KAFKA_ARGS) $(call metrics-flag,$(BRONZE_METRICS_PORT)) \
	  --warehouse=$(WAREHOUSE) $(ARGS))

bronze-to-silver: $(CLASSPATH_FILE) ## bronze -> silver every TRIGGER until stopped
	$(call run-recorded,silver,dev.finpipe.pipelines.silver.BronzeToSilver $(RUNNER_ARGS) $(STAGE_DOMAIN_ARGS) --continuous \
	  --triggerInterval=$(TRIGGER) $(call metrics-flag,$(SILVER_METRICS_PORT)) --warehouse=$(WAREHOUSE) $(ARGS))

silver-to-gold: $(CLASSPATH_FILE) ## silver -> gold every TRIGGER until stopped
	$(call run-recorded,gold,dev.finpipe.pipelines.gold.SilverToGold $(RUNNER_ARGS) --continuous \
	  --triggerInterval=$(TRIGGER) $(call metrics-flag,$(GOLD_METRICS_PORT)) --warehouse=$(WAREHOUSE) $(ARGS))

tmux-up: $(CLASSPATH_FILE) ## tmux session `finpipe`: producer, Kafka->bronze, bronze->silver, silver->gold
	@command -v tmux >/dev/null || { echo "tmux is not installed: apt-get install tmux" >&2; exit 1; }
	@tmux has-session -t finpipe 2>/dev/null && { echo "tmux session finpipe exists: tmux attach -t finpipe" >&2; exit 1; } || true
	tmux new-session -d -s finpipe -n finpipe "$(MAKE) run-producer ENV=$(ENV); read"
	tmux split-window -t finpipe -h "$(MAKE) stream-bronze ENV=$(ENV) RUNNER=$(RUNNER); read"
	tmux split-window -t finpipe -v "$(MAKE) silver-to-gold ENV=$(ENV) RUNNER=$(RUNNER); read"
	tmux select-pane -t finpipe:0.0
	tmux split-window -t finpipe -v "$(MAKE) bronze-to-silver ENV=$(ENV) RUNNER=$(RUNNER); read"
	tmux select-layout -t finpipe tiled
	@echo "Started tmux session finpipe. Attach: tmux attach -t finpipe (detach: Ctrl-b d). Stop: make kill-all"

kill-all: ## Stop the processes the targets above started (by recorded pid), then the tmux session
	@for f in $(PID_DIR)/*.pid; do \
	  [ -f "$$f" ] || continue; pid=$$(cat "$$f"); \
	  if kill -0 "$$pid" 2>/dev/null; then echo "stopping $$(basename $$f .pid) (pid $$pid)"; kill -TERM "$$pid"; fi; \
	done; \
	for i in $$(seq 1 30); do alive=0; for f in $(PID_DIR)/*.pid; do [ -f "$$f" ] && kill -0 $$(cat "$$f") 2>/dev/null && alive=1; done; \
	  [ $$alive = 0 ] && break; sleep 1; done; \
	for f in $(PID_DIR)/*.pid; do [ -f "$$f" ] || continue; pid=$$(cat "$$f"); \
	  kill -0 "$$pid" 2>/dev/null && { echo "killing $$(basename $$f .pid) (pid $$pid)"; kill -KILL "$$pid"; }; rm -f "$$f"; done; \
	tmux kill-session -t finpipe 2>/dev/null || true
