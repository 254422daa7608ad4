#!/usr/bin/env bash
# Agent Service (real Keycloak token, real agent) vs a bare Akka HTTP route, with wrk.
# Usage (from the repo root): bash benchmarks/run-agent-service-benchmark.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk
fi
mvn -q -B package -DskipTests
# Keycloak's distribution, from Maven Central, unpacked where the integration tests unpack it.
mvn -q -B -pl agent-service-app dependency:unpack@unpack-keycloak
java -cp benchmarks/target/benchmarks.jar io.agentfleet.benchmarks.AgentServiceBenchmark "$@"
