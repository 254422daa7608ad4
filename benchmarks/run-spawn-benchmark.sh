#!/usr/bin/env bash
# Spawn latency through an agent vs the same component started by hand, and 50 at once both ways.
# Usage (from the repo root): bash benchmarks/run-spawn-benchmark.sh [rounds] [burst] [agent start slots]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B package -DskipTests
java -cp benchmarks/target/benchmarks.jar io.agentfleet.benchmarks.SpawnBenchmark "$@"
