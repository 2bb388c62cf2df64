# The bundled jar on a local Spark standalone cluster (scripts/cluster-test.sh). Included by the root Makefile, which
# defines CLASSPATH_FILE (its build also produces the bundled jar and spark-cluster/target/classpath.txt).
# Settings come from the environment: CLUSTER_TEST_COUNT, CLUSTER_WORKERS, CLUSTER_EXECUTOR_MEMORY, CLUSTER_TEST_DIR.

.PHONY: cluster-test

cluster-test: $(CLASSPATH_FILE) ## Bundled jar on a local Spark 3.5 master + 2 workers: bronze, silver, gold equal a local run
	bash scripts/cluster-test.sh
