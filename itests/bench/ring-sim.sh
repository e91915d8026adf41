#!/bin/sh
# Ring simulation: 1,000 and 10,000 CHORD-RELOAD nodes in one JVM over the in-memory transport (every
# message through the RELOAD codec). Prints mean and p99 hops per lookup against log2(N), lookups that
# reached the right peer, stored copies per key, fetch success right after 10 % churn (10 % crash,
# 10 % join) and after one and two stabilisation rounds, and messages per node. Asserts nothing.
# Usage: itests/bench/ring-sim.sh [N ...]     (build first: mvn -q install -DskipTests)
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
# the local Maven repository: MAVEN_REPO, else -Dmaven.repo.local in MAVEN_OPTS, else ~/.m2
repo=${MAVEN_REPO:-$(printf "%s" "${MAVEN_OPTS:-}" | sed -n "s/.*-Dmaven.repo.local=\([^ ]*\).*/\1/p")}
repo=${repo:-$HOME/.m2/repository}
ring=$root/bundles/ring/target
if [ ! -d "$ring/test-classes" ]; then
  (cd "$root" && mvn -B -q -o ${MAVEN_REPO:+-Dmaven.repo.local=$MAVEN_REPO} test-compile -pl bundles/ring)
fi
slf4j=$(ls "$repo"/org/slf4j/slf4j-api/*/slf4j-api-*.jar | grep -v sources | sort | tail -1)
exec java -Xmx2g -cp "$ring/classes:$ring/test-classes:$slf4j" org.imegate.ring.bench.RingSim "$@"
