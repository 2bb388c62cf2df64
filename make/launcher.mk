# The launcher: runs plans of Azure Synapse pipelines and local medallion stages (see launcher/README.md).
# Included by the root Makefile; every variable here starts with LAUNCHER_ except the two documented ones,
# PLAN and LAUNCH_ARGS.

LAUNCHER_MVN            ?= mvn -B -q
LAUNCHER_JAVA           ?= java
LAUNCHER_JAR            := launcher/target/finpipe-launcher.jar
LAUNCHER_SOURCES        := $(shell find launcher/src/main -type f 2>/dev/null) launcher/pom.xml
LAUNCHER_EMULATOR_PORT  ?= 8089
LAUNCHER_EMULATOR_ARGS  ?=
PLAN                    ?= runners-config/synapse/interbank-bronze.yaml
LAUNCH_ARGS             ?=

.PHONY: launcher-build launch synapse-emulator launcher-test

$(LAUNCHER_JAR): $(LAUNCHER_SOURCES)
	$(LAUNCHER_MVN) -pl launcher package -DskipTests

launcher-build: $(LAUNCHER_JAR) ## Build the launcher's runnable jar (no Beam, no Spark inside)

launch: $(LAUNCHER_JAR) ## Run a launcher PLAN (default: the Interbank bronze load); more flags in LAUNCH_ARGS
	$(LAUNCHER_JAVA) -jar $(LAUNCHER_JAR) run --plan $(PLAN) $(LAUNCH_ARGS)

synapse-emulator: ## Serve the Synapse emulator on 127.0.0.1 (port LAUNCHER_EMULATOR_PORT, 8089) for demos
	$(LAUNCHER_MVN) -pl launcher test-compile exec:java -Dexec.classpathScope=test \
	  -Dexec.mainClass=dev.finpipe.launcher.emulator.SynapseEmulatorMain \
	  -Dexec.args="--port $(LAUNCHER_EMULATOR_PORT) $(LAUNCHER_EMULATOR_ARGS)"

launcher-test: ## Run the launcher's tests (all against the emulator; about 30 s)
	$(LAUNCHER_MVN) -pl launcher verify
