#!/usr/bin/env bash
# Registry vs etcd 3.4: register-if-absent and resolve on three (or five) members each, loopback.
# Usage (from the repo root): bash benchmarks/run-registry-benchmark.sh [registrations] [resolves] [concurrency] [members] [agents] [agent-role]
# (members: registry nodes and etcd members, default 3; agents: agents joined to the registry's cluster, default 0;
# agent-role: none, agents join with --no-registry-role (default), or registry)
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v etcd >/dev/null; then
  # etcd 3.4 from Debian's packages (etcd-server); needs root, as on the project's machines.
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq etcd-server
fi
mvn -q -B package -DskipTests
java -cp benchmarks/target/benchmarks.jar io.agentfleet.benchmarks.RegistryBenchmark "$@"
