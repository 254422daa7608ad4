#!/usr/bin/env bash
# One Provision of 100 sequence components over 5 agents through the Agent Service (real Keycloak
# token) vs the same 100 spawned one by one through the service, in one run.
# Usage (from the repo root): bash benchmarks/run-provision-benchmark.sh [total] [agents] [start slots per agent]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B package -DskipTests
# Keycloak's distribution, from Maven Central, unpacked where the integration tests unpack it.
mvn -q -B -pl agent-service-app dependency:unpack@unpack-keycloak
java -cp benchmarks/target/benchmarks.jar io.agentfleet.benchmarks.ProvisionBenchmark "$@"
