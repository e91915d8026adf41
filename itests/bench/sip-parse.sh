#!/bin/sh
# Benchmark: imegate SipParser vs JAIN-SIP StringMsgParser (JMH). Prints ops/s side by side; asserts nothing.
# Usage: itests/bench/sip-parse.sh [extra JMH options]
#        JMH_OPTS="-wi 3 -i 5 -f 1 -w 1s -r 1s" (the default) replaces the warm-up/iteration options
# Ends with machine-readable lines RESULT parse.<message>.{imegate_ops,jainsip_ops,ratio}=<value> (run-all reads them).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
repo=$(mvn -q help:evaluate -Dexpression=settings.localRepository -DforceStdout 2>/dev/null || echo "$HOME/.m2/repository")
if [ ! -f "$repo/org/imegate/imegate-sip/0.1.0-SNAPSHOT/imegate-sip-0.1.0-SNAPSHOT.jar" ] \
   || [ -n "$(find "$root/bundles/sip/src" -newer "$repo/org/imegate/imegate-sip/0.1.0-SNAPSHOT/imegate-sip-0.1.0-SNAPSHOT.jar" -type f | head -1)" ]; then
  echo "installing the reactor artifacts"
  (cd "$root" && mvn -B -q install -DskipTests)
fi
(cd "$here/sip-parse" && mvn -B -q package)
out="$here/sip-parse/target/results.csv"
java -jar "$here/sip-parse/target/sip-parse-benchmarks.jar" ${JMH_OPTS:--wi 3 -i 5 -f 1 -w 1s -r 1s} -rf csv -rff "$out" "$@" SipParseBenchmark
echo
echo "message    imegate ops/s    jain-sip ops/s    ratio"
awk -F, 'NR > 1 {
  gsub(/"|\r/, ""); split($1, p, "."); b = p[length(p)]; m = $8;
  s[m, b] = $5; msgs[m] = 1
} END {
  for (m in msgs) printf "%-8s %15.0f %17.0f %8.1fx\n", m, s[m, "imegate"], s[m, "jainSip"], s[m, "imegate"] / s[m, "jainSip"]
}' "$out"
awk -F, 'NR > 1 {
  gsub(/"|\r/, ""); split($1, p, "."); b = p[length(p)]; m = $8;
  s[m, b] = $5; msgs[m] = 1
} END {
  for (m in msgs) {
    printf "RESULT parse.%s.imegate_ops=%.0f\n", m, s[m, "imegate"]
    printf "RESULT parse.%s.jainsip_ops=%.0f\n", m, s[m, "jainSip"]
    if (s[m, "jainSip"] > 0) printf "RESULT parse.%s.ratio=%.1f\n", m, s[m, "imegate"] / s[m, "jainSip"]
  }
}' "$out"
