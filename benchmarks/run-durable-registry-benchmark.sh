#!/usr/bin/env bash
# The registry's durable option (LMDB) vs its replica in memory: register-if-absent and resolve on
# two three-node registries, loopback.
# Usage (from the repo root): bash benchmarks/run-durable-registry-benchmark.sh [registrations] [resolves] [concurrency]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B package -DskipTests
java -cp benchmarks/target/benchmarks.jar io.agentfleet.benchmarks.DurableRegistryBenchmark "$@"
