#!/usr/bin/env bash
# Failover time under a real network partition (the primary agent's host cut off -> the same name
# Spawned on a backup agent), with the product's timings and with Akka's default downing timing, in one
# run. Needs root and iproute2 (Linux network namespaces).
# Usage (from the repo root): bash benchmarks/run-partition-failover-benchmark.sh [trials]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v ip >/dev/null || (apt-get update && apt-get install -y iproute2)
mvn -q -B package -DskipTests
java -cp benchmarks/target/benchmarks.jar io.agentfleet.benchmarks.PartitionFailoverBenchmark "$@"
