#!/bin/sh
# Benchmark: ticket verification (JMH), single-threaded, for a valid ticket and for a ticket with a bad
# MAC. Prints verifications per second per core; asserts nothing.
# Usage: itests/bench/ticket-verify.sh [extra JMH options]
#        JMH_OPTS="-wi 3 -i 5 -f 1 -w 1s -r 1s" (the default) replaces the warm-up/iteration options
# Ends with machine-readable lines RESULT verify.<ticket>_per_s=<value> (run-all reads them).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
repo=$(mvn -q help:evaluate -Dexpression=settings.localRepository -DforceStdout 2>/dev/null || echo "$HOME/.m2/repository")
jar="$repo/org/imegate/imegate-ticket/0.1.0-SNAPSHOT/imegate-ticket-0.1.0-SNAPSHOT.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root/bundles/ticket/src" "$root/bundles/api/src" -newer "$jar" -type f | head -1)" ]; then
  echo "installing the api and ticket artifacts"
  (cd "$root" && mvn -B -q install -DskipTests -pl bundles/ticket -am)
fi
(cd "$here/ticket-verify" && mvn -B -q package)
out="$here/ticket-verify/target/results.csv"
java -jar "$here/ticket-verify/target/ticket-verify-benchmarks.jar" ${JMH_OPTS:--wi 3 -i 5 -f 1 -w 1s -r 1s} -rf csv -rff "$out" "$@" TicketVerifyBenchmark
echo
echo "ticket      verifications/s (1 thread)    error (99.9%)"
awk -F, 'NR > 1 {
  gsub(/"|\r/, ""); n = split($1, p, "."); printf "%-10s %20.0f %20.0f\n", p[n], $5, $6
}' "$out"
awk -F, 'NR > 1 {
  gsub(/"|\r/, ""); n = split($1, p, "."); printf "RESULT verify.%s_per_s=%.0f\n", p[n], $5
}' "$out"
