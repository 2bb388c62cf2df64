# Table maintenance: compaction, history, time travel and the retention vacuum (README "Keeping tables fast").
# Included by the root Makefile. TABLE, WHERE, TARGET_MB, SORT_BY, LIMIT, VERSION, AS_OF and RETAIN are the documented knobs.

TABLE     ?=
WHERE     ?=
TARGET_MB ?=
SORT_BY   ?=
LIMIT     ?= 20
VERSION   ?=
AS_OF     ?=
RETAIN    ?=

# Read by the root Makefile's summary and vacuum recipes.
SUMMARY_TIME_TRAVEL_ARGS = $(if $(TABLE),--table=$(TABLE)) $(if $(VERSION),--version=$(VERSION)) $(if $(AS_OF),--asOf=$(AS_OF))
VACUUM_RETAIN_ARGS = $(if $(RETAIN),--retain=$(RETAIN))

.PHONY: optimize history bench-maintenance

optimize: $(CLASSPATH_FILE) ## Compact small files per partition, sorted by the table's cluster key (TABLE=silver/transactions, WHERE="event_date >= '2026-11-01'", TARGET_MB=128, SORT_BY=user_id,event_time or none)
	$(call run-stage,optimize,dev.finpipe.pipelines.maintenance.Optimize --warehouse=$(WAREHOUSE) \
	  $(if $(TABLE),--table=$(TABLE)) $(if $(WHERE),--where="$(WHERE)") $(if $(TARGET_MB),--targetFileSizeMb=$(TARGET_MB)) \
	  $(if $(SORT_BY),--sortBy=$(SORT_BY)) $(ARGS))

history: $(CLASSPATH_FILE) ## A table's versions like DESCRIBE HISTORY (TABLE=silver/transactions, LIMIT=20, 0 for all)
	@$(JAVA) dev.finpipe.pipelines.maintenance.ShowHistory --warehouse=$(WAREHOUSE) \
	  --table=$(or $(TABLE),$(error make history needs TABLE=..., e.g. TABLE=silver/transactions)) --limit=$(LIMIT) 2>/dev/null

bench-maintenance: $(CLASSPATH_FILE) ## Benchmark: many small medallion batches, then optimize (TARGET_MB=1); files, log, query times (results in bench/results/)
	bash bench/maintenance.sh $(ENV)
