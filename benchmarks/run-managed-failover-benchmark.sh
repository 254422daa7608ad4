#!/usr/bin/env bash
# Failover of a managed component (the sequence manager, a primary and two backups): fault -> registered
# on a backup, 10 trials each for machine loss (SIGKILL of the agent and its components) and for a real
# network partition (root and iproute2), through the real Agent Service's failover decider. The drivers
# are the integration tests FailoverIT and PartitionFailoverIT, which also check that no sample ever
# sees two live instances; this prints their per-trial times and a summary.
# Usage (from the repo root): bash benchmarks/run-managed-failover-benchmark.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v ip >/dev/null || (apt-get update && apt-get install -y iproute2)
log=$(mktemp)
mvn -B verify -pl agent-service-app -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test='FailoverIT#theSequenceManager*,PartitionFailoverIT' -Dfailsafe.failIfNoSpecifiedTests=false | tee "$log" | grep '^failover:' || true
grep -h '^failover: .*trials, ms:' "$log" | python3 -c '
import re, statistics, sys
for line in sys.stdin:
    label, values = line.split(", ms: ")
    ms = [int(v) for v in re.findall(r"\d+", values)]
    name = label.removeprefix("failover: ")
    print(f"{name}: median {statistics.median(ms):.0f} ms, max {max(ms)} ms")
'
grep -q 'BUILD SUCCESS' "$log"
