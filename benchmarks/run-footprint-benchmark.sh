#!/usr/bin/env bash
# An agent's idle RSS, start → joined and its cost under load: JVM defaults vs deploy/jvm/agent.options
# (with and without a class-data archive), taking turns in every round.
# Usage (from the repo root): bash benchmarks/run-footprint-benchmark.sh [rounds] [idle seconds] [registrations] [resolves]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B package -DskipTests
java -cp benchmarks/target/benchmarks.jar io.agentfleet.benchmarks.FootprintBenchmark "$@"
