# FinPipe: everyday commands. Every target honours ENV (dev|prod), RUNNER (spark|direct), DOMAIN, INPUT and WAREHOUSE.
# `make help` lists the targets.

SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := help

ENV       ?= dev
RUNNER    ?= spark
DATA_DIR  ?= data/$(ENV)
WAREHOUSE ?= $(DATA_DIR)
# The domain a single-stage target runs (default transactions), or the domains medallion and stream run
# (comma-separated; default all, in dependency order). Each domain's input, topic and rule actions come from
# runners-config/$(ENV)/domains/<domain>.yaml; INPUT (or the streaming targets' STREAM_TOPIC) overrides one domain's.
# DOMAINS is the same as DOMAIN for medallion and stream.
DOMAIN    ?=
DOMAINS   ?=
INPUT     ?=
# Where `make medallion` reads bronze from: files (INPUT) or kafka (the topic of the streaming targets, up to now).
SOURCE    ?= files
LOG_DIR   ?= logs/$(ENV)
ARGS      ?=
MVN       ?= mvn -B -q

# generate (COUNT defaults to 10000 there; run-producer reads COUNT too, where empty means until stopped)
COUNT     ?=
SEED      ?= 42
GEN_ARGS  ?=
# generate and run-producer make one domain's records (DOMAIN, default transactions): the same SEED and --users
# give the customers and accounts the transactions reference.
ONE_DOMAIN = $(or $(DOMAIN),transactions)

ifeq ($(filter $(ENV),dev prod),)
$(error ENV=$(ENV) is not an environment: use ENV=dev or ENV=prod)
endif
ifeq ($(filter $(RUNNER),spark direct),)
$(error RUNNER=$(RUNNER) is not a runner: use RUNNER=spark or RUNNER=direct)
endif
ifeq ($(filter $(SOURCE),files kafka),)
$(error SOURCE=$(SOURCE) is not a source: use SOURCE=files or SOURCE=kafka)
endif

CLASSPATH_FILE := pipelines/target/classpath.txt
# The local broker's (make/kafka.mk builds it); named here because make/*.mk are included below, after the rules.
KAFKA_BROKER_CLASSPATH := kafka-broker/target/classpath.txt
SOURCES := $(shell find transforms/src/main pipelines/src/main -type f 2>/dev/null) pom.xml transforms/pom.xml pipelines/pom.xml
JAVA := java @runners-config/jvm.options @runners-config/$(ENV)/java.options \
        -cp "pipelines/target/classes:$$(cat $(CLASSPATH_FILE))"
RUNNER_ARGS := $$(grep -v '^\#' runners-config/$(ENV)/$(RUNNER).args | xargs)
STAGE_DOMAIN_ARGS = --domain=$(ONE_DOMAIN) --domainConfig=runners-config/$(ENV)/domains
MEDALLION_DOMAIN_ARGS = --domains=$(or $(DOMAINS),$(DOMAIN),all) --domainConfig=runners-config/$(ENV)/domains
INPUT_ARGS = $(if $(INPUT),--input='$(INPUT)')
# Runs a stage main, to the console and appended to logs/$ENV/<name>.log.
run-stage = mkdir -p $(LOG_DIR) && echo "[$$(date -u +%FT%TZ)] make $(1) ENV=$(ENV) RUNNER=$(RUNNER)" >> $(LOG_DIR)/$(1).log && \
	$(JAVA) $(2) 2>&1 | tee -a $(LOG_DIR)/$(1).log

.PHONY: help build test demo demo-files generate bronze silver gold gold-rebuild ops-gold ops-gold-rebuild medallion alerts vacuum reset clean-logs bench bench-peer bench-incremental summary

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

# touch: Maven leaves an unchanged classpath file as it was, and make would otherwise rebuild on every call.
$(CLASSPATH_FILE): $(SOURCES)
	$(MVN) install -DskipTests
	touch $@

build: $(CLASSPATH_FILE) ## Compile and package every module (no tests)

# Prints each module as it starts and Surefire's counts per test class and module (the whole log: target/test.log).
test: ## Run every test (the README's second command)
	mkdir -p target
	mvn -B verify 2>&1 | tee target/test.log | grep --line-buffered -E \
	  '^\[INFO\] Building FinPipe|Tests run:|^\[ERROR\]|FAIL|BUILD (SUCCESS|FAILURE)|Total time'

# Change records: as many as --users makes (GEN_ARGS), so COUNT is refused rather than ignored; operations data:
# as many as --services and --minutes make.
OPS_DOMAINS := app_logs infra_metrics
GENERATOR = $(if $(filter transactions,$(ONE_DOMAIN)),dev.finpipe.pipelines.generate.GenerateTransactions --count=$(or $(COUNT),10000) --seed=$(SEED) --output=$(DATA_DIR)/input/batch-$(SEED).jsonl,$(if $(filter $(OPS_DOMAINS),$(ONE_DOMAIN)),dev.finpipe.pipelines.generate.GenerateOps --domain=$(ONE_DOMAIN) --seed=$(SEED) --outputDir=$(DATA_DIR)/input/$(ONE_DOMAIN),dev.finpipe.pipelines.generate.GenerateChanges --domain=$(ONE_DOMAIN) --seed=$(SEED) --output=$(DATA_DIR)/input/$(ONE_DOMAIN)/batch-$(SEED).jsonl))
generate: $(CLASSPATH_FILE) ## Generate seeded fake DOMAIN records: COUNT transactions into $(DATA_DIR)/input, DOMAIN=customers|accounts change records, or DOMAIN=app_logs|infra_metrics files with incident episodes and expected-incidents.json, into $(DATA_DIR)/input/DOMAIN (GEN_ARGS for rates)
	$(if $(and $(COUNT),$(filter-out transactions,$(ONE_DOMAIN))),$(error COUNT is for DOMAIN=transactions; the number of $(ONE_DOMAIN) records follows GEN_ARGS: --users=N for change records, --services=N --minutes=N for operations data))
	$(call run-stage,generate,$(GENERATOR) $(GEN_ARGS))

bronze: $(CLASSPATH_FILE) ## Ingest a domain's new input files into bronze/<DOMAIN> (default transactions)
	$(call run-stage,bronze,dev.finpipe.pipelines.bronze.BronzeFromFiles $(RUNNER_ARGS) $(STAGE_DOMAIN_ARGS) $(INPUT_ARGS) --warehouse=$(WAREHOUSE) $(ARGS))

silver: $(CLASSPATH_FILE) ## A domain's new bronze versions into silver and quarantine (events: dedupe; customers, accounts: history)
	$(call run-stage,silver,dev.finpipe.pipelines.silver.BronzeToSilver $(RUNNER_ARGS) $(STAGE_DOMAIN_ARGS) --warehouse=$(WAREHOUSE) $(ARGS))

gold: $(CLASSPATH_FILE) ## Merge the silver versions committed since gold last ran into gold (incremental)
	$(call run-stage,gold,dev.finpipe.pipelines.gold.SilverToGold $(RUNNER_ARGS) --warehouse=$(WAREHOUSE) $(ARGS))

gold-rebuild: $(CLASSPATH_FILE) ## Recompute every gold date from all of silver
	$(call run-stage,gold,dev.finpipe.pipelines.gold.SilverToGold $(RUNNER_ARGS) --warehouse=$(WAREHOUSE) --rebuild $(ARGS))

# The incident rules of the environment (README "Incidents and KPIs"); absent: the built-in rules.
INCIDENT_RULES ?= runners-config/$(ENV)/incidents.yaml
INCIDENT_ARGS = $(if $(wildcard $(INCIDENT_RULES)),--incidentRules=$(INCIDENT_RULES))

ops-gold: $(CLASSPATH_FILE) ## Merge the ops silver versions since the ops gold last ran into gold/service_minute, then its incidents and KPIs
	$(call run-stage,gold-ops,dev.finpipe.pipelines.ops.OpsToGold $(RUNNER_ARGS) $(INCIDENT_ARGS) --warehouse=$(WAREHOUSE) $(ARGS))

ops-gold-rebuild: $(CLASSPATH_FILE) ## Recompute gold/service_minute, gold/incidents and gold/ops_kpis_daily from all of the ops silver (after a rule change)
	$(call run-stage,gold-ops,dev.finpipe.pipelines.ops.OpsToGold $(RUNNER_ARGS) $(INCIDENT_ARGS) --warehouse=$(WAREHOUSE) --rebuild $(ARGS))

# Bronze's source options; the STREAM_* settings (broker, topic, client config) come from make/streaming.mk.
BRONZE_SOURCE_ARGS = $(if $(filter kafka,$(SOURCE)),--source=KAFKA $(STREAM_KAFKA_ARGS),$(INPUT_ARGS))

medallion: $(CLASSPATH_FILE) ## Every DOMAIN's bronze (files, or SOURCE=kafka: its topic up to now) and silver, then gold (and ops gold)
	$(call run-stage,medallion,dev.finpipe.pipelines.medallion.RunMedallion $(RUNNER_ARGS) $(MEDALLION_DOMAIN_ARGS) $(BRONZE_SOURCE_ARGS) $(ALERTS_ARGS) $(INCIDENT_ARGS) --warehouse=$(WAREHOUSE) $(ARGS))

# The alerts' settings: present, `make medallion` and `make stream` raise and deliver alerts after each tick.
ALERTS_FILE ?= runners-config/$(ENV)/alerts.yaml
ALERTS_ARGS = $(if $(wildcard $(ALERTS_FILE)),--alertsConfig=$(ALERTS_FILE))

alerts: $(CLASSPATH_FILE) ## Raise the alerts due and deliver those not yet delivered (runners-config/$ENV/alerts.yaml)
	$(call run-stage,alerts,dev.finpipe.pipelines.ops.RaiseAlerts --warehouse=$(WAREHOUSE) --alertsConfig=$(ALERTS_FILE) $(ARGS))

summary: $(CLASSPATH_FILE) ## Print what the tables hold (counts, quarantine reasons, top users per day; AS_OF=time, TABLE=... VERSION=n)
	@$(JAVA) dev.finpipe.pipelines.medallion.ShowTables --warehouse=$(WAREHOUSE) $(SUMMARY_TIME_TRAVEL_ARGS) 2>/dev/null

vacuum: $(CLASSPATH_FILE) ## Delete files removed more than RETAIN ago (168h) and failed runs' files (older than 1h; ARGS=--olderThan=0s)
	$(call run-stage,vacuum,dev.finpipe.pipelines.common.Vacuum --warehouse=$(WAREHOUSE) $(VACUUM_RETAIN_ARGS) $(ARGS))

DEMO_DIR := $(DATA_DIR)/demo
# The recipe names no $(MAKE), which would make `make -n demo` run the script (and wipe the demo dir) for real.
demo: $(CLASSPATH_FILE) $(KAFKA_BROKER_CLASSPATH) ## Through Kafka: a broker of its own, a sample with every kind of bad record, the stages on Spark, the tables
	ENV=$(ENV) RUNNER=$(RUNNER) DEMO_DIR=$(DEMO_DIR) bash scripts/demo.sh

demo-files: $(CLASSPATH_FILE) ## The demo from files instead of Kafka (three medallion rounds on generated files)
	rm -rf $(DEMO_DIR)
	@echo "== Round 1: 3 days of events with duplicates and invalid records"
	$(JAVA) dev.finpipe.pipelines.generate.GenerateTransactions --count=3000 --seed=1 --days=3 \
	  --duplicateRate=0.05 --invalidRate=0.05 --lateRate=0 --output=$(DEMO_DIR)/input/round-1.jsonl
	$(MAKE) --no-print-directory medallion SOURCE=files DOMAIN=transactions INPUT='$(DEMO_DIR)/input/*.jsonl' WAREHOUSE=$(DEMO_DIR)/warehouse
	@echo "== Round 2: one more day, with late events (older than the 2-day allowed lateness)"
	$(JAVA) dev.finpipe.pipelines.generate.GenerateTransactions --count=1000 --seed=2 --days=1 \
	  --duplicateRate=0.05 --invalidRate=0.05 --lateRate=0.05 --output=$(DEMO_DIR)/input/round-2.jsonl
	$(MAKE) --no-print-directory medallion SOURCE=files DOMAIN=transactions INPUT='$(DEMO_DIR)/input/*.jsonl' WAREHOUSE=$(DEMO_DIR)/warehouse
	@echo "== Round 3: the same files again: exactly once, nothing new is committed"
	$(MAKE) --no-print-directory medallion SOURCE=files DOMAIN=transactions INPUT='$(DEMO_DIR)/input/*.jsonl' WAREHOUSE=$(DEMO_DIR)/warehouse
	$(MAKE) --no-print-directory summary WAREHOUSE=$(DEMO_DIR)/warehouse

bench: $(CLASSPATH_FILE) ## Benchmark: 1M and 4M events through bronze, silver, gold on Spark (results in bench/results/)
	bash bench/run.sh $(ENV)

# The peer and its comparison live with the tests (delta-spark is a test dependency); `make build` compiles them too.
bench-peer: $(CLASSPATH_FILE) ## Benchmark: FinPipe vs the same medallion in plain Spark SQL + delta-spark on the same input, checked row for row (SIZES, REPEAT)
	bash bench/peer.sh $(ENV)

bench-incremental: $(CLASSPATH_FILE) ## Benchmark: one 20,000-event batch over 0, 1M and 4M events of history (HISTORY, BATCH, REPEAT)
	bash bench/incremental.sh $(ENV)

reset: ## Delete this environment's data (warehouse, inputs, Kafka data) and logs
	rm -rf $(DATA_DIR) $(LOG_DIR)

clean-logs: ## Delete this environment's logs
	rm -rf $(LOG_DIR)

-include make/*.mk
