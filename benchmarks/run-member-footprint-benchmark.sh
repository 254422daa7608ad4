#!/usr/bin/env bash
# A registry node's and the Agent Service's footprint: JVM defaults vs deploy/jvm/registry.options and
# deploy/jvm/agent-service.options (start → Up, idle RSS, RSS and CPU under load), with a real Keycloak.
# Usage (from the repo root): bash benchmarks/run-member-footprint-benchmark.sh [rounds] [idle seconds] [requests]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B package -DskipTests
mvn -q -B -pl agent-service-app dependency:unpack@unpack-keycloak
java -cp benchmarks/target/benchmarks.jar io.agentfleet.benchmarks.MemberFootprintBenchmark "$@"
