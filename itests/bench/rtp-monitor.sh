#!/bin/sh
# Benchmark: cost of one RTP packet handed to the RTP monitor (MonitoredStream.onPacket), JMH, one thread, with
# the metrics alone and with a monitor timer ticking every stream every 10 ms. Prints ns/packet and bytes
# allocated per packet; asserts nothing.
# Usage: itests/bench/rtp-monitor.sh [extra JMH options]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# always from this checkout: the local repository's snapshot may come from another checkout's build
echo "installing the api and rtp-monitor artifacts"
(cd "$root" && mvn -B -q install -DskipTests -pl bundles/rtp-monitor -am)
(cd "$here/rtp-monitor" && mvn -B -q package)
out="$here/rtp-monitor/target/results.csv"
java -jar "$here/rtp-monitor/target/rtp-monitor-benchmarks.jar" -wi 3 -i 5 -f 1 -w 1s -r 1s -prof gc -rf csv -rff "$out" "$@" OnPacketBenchmark
echo
echo "variant                        streams    ns/packet   error (99.9%)   B/packet"
awk -F, 'NR > 1 {
  gsub(/"/, ""); name = $1; streams = $8
  if (name ~ /gc\.alloc\.rate\.norm/) { sub(/:.*/, "", name); n = split(name, p, "."); alloc[p[n], streams] = $5; next }
  if (name ~ /:/) next
  n = split(name, p, "."); key = p[n] SUBSEP streams; score[key] = $5; err[key] = $6; order[++count] = key
} END {
  for (i = 1; i <= count; i++) { split(order[i], k, SUBSEP)
    printf "%-30s %7s %12.1f %15.1f %10.3f\n", k[1], k[2], score[order[i]], err[order[i]], alloc[k[1], k[2]] }
}' "$out"
