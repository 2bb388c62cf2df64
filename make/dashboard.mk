# The dashboard (dashboard/): a read-only web app over WAREHOUSE (see the README's Dashboard section). Included by the
# root Makefile; every variable here starts with DASHBOARD_ except the documented PORT and HOST.

PORT                 ?= 8050
HOST                 ?= 127.0.0.1
DASHBOARD_ARGS       ?=
DASHBOARD_CLASSPATH  := dashboard/target/classpath.txt
DASHBOARD_SOURCES    := $(shell find dashboard/src/main -type f 2>/dev/null) dashboard/pom.xml

.PHONY: dashboard dashboard-browser

# touch: Maven leaves an unchanged classpath file as it was, and make would otherwise rebuild on every call.
$(DASHBOARD_CLASSPATH): $(SOURCES) $(DASHBOARD_SOURCES)
	$(MVN) -pl dashboard -am install -DskipTests
	touch $@

dashboard: $(DASHBOARD_CLASSPATH) ## Web dashboard over WAREHOUSE on http://HOST:PORT/ (127.0.0.1:8050), e.g. WAREHOUSE=data/dev/demo/warehouse after make demo
	java -cp "dashboard/target/classes:$$(cat $(DASHBOARD_CLASSPATH))" dev.finpipe.dashboard.Dashboard \
	  --warehouse=$(WAREHOUSE) --host=$(HOST) --port=$(PORT) $(DASHBOARD_ARGS)

dashboard-browser: ## Install Debian's chromium and chromium-driver (the dashboard's browser tests) when missing
	command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver)
