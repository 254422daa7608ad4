#!/usr/bin/env bash
# Failover time (primary agent SIGKILLed -> the same name Spawned on a backup agent), with the product's
# timings and with Akka's default downing timing, in one run.
# Usage (from the repo root): bash benchmarks/run-failover-benchmark.sh [trials]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B package -DskipTests
java -cp benchmarks/target/benchmarks.jar io.agentfleet.benchmarks.FailoverBenchmark "$@"
