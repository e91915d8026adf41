#!/bin/bash
# Real lookups per second between five ring nodes over TLS on loopback (127.0.0.150-154:6084), each a
# separate JVM (RingNodeMain of the ring bundle) with an RSA-2048 certificate from a throwaway openssl
# enrollment CA: routed lookups (PingReq to random Resource-IDs) and fetches of one stored entry, first
# from one node, then from all five at once. The storing side's rate limits are raised for the run.
# Prints figures only; asserts nothing. Usage: itests/bench/ring-tls.sh [count]   (default 2000)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
repo=${MAVEN_REPO:-$HOME/.m2/repository}
count=${1:-2000}
jar=$(ls "$root"/bundles/ring/target/imegate-ring-*.jar | grep -v sources | head -1)
api=$(ls "$root"/bundles/api/target/imegate-api-*.jar | grep -v sources | head -1)
slf4j=$(ls "$repo"/org/slf4j/slf4j-api/1.7.36/slf4j-api-1.7.36.jar)
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
cd "$work"
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -subj /CN=bench-ca -days 2 2>/dev/null
for i in 0 1 2 3 4; do
  openssl req -new -newkey rsa:2048 -nodes -keyout n$i.key -subj /CN=n$i -out n$i.csr 2>/dev/null
  openssl x509 -req -in n$i.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -out n$i.pem 2>/dev/null
  mkfifo in$i
done
for i in 0 1 2 3 4; do
  extra="--bootstrap 127.0.0.150:6084"
  [ $i = 0 ] && extra="--bootstrap-node --ca-key ca.key"
  java -Xmx256m -cp "$jar:$api:$slf4j" org.imegate.ring.net.RingNodeMain --listen 127.0.0.15$i:6084 \
    --key n$i.key --cert n$i.pem --ca ca.pem --fetch-rate 1000000 --store-rate 1000000 $extra \
    < in$i > out$i 2>&1 &
  pids+=($!)
  eval "exec $((10 + i))>in$i"
done
ask() { # node command -> waits for the answer's "." line (bounded)
  local n=$1; shift
  local before; before=$(grep -c '^\.$' out$n || true)
  echo "$*" >&$((10 + n))
  for _ in $(seq 1 600); do
    [ "$(grep -c '^\.$' out$n || true)" -gt "$before" ] && break
    sleep 0.1
  done
}
for n in 0 1 2 3 4; do
  for _ in $(seq 1 120); do
    ask $n health
    tail -2 out$n | grep -q 'health=2 nodes=5' && break
    sleep 0.5
  done
done
rid=00112233445566778899aabbccddeeff
ask 1 store $rid 0000000000000001 cafe 3600
ask 2 bench lookup 200
ask 2 bench fetch 200 $rid
echo "one node, $count each:"
ask 2 bench lookup "$count"; grep BENCH out2 | tail -1
ask 2 bench fetch "$count" $rid; grep BENCH out2 | tail -1
echo "five nodes at once, $count each:"
declare -a before
for n in 0 1 2 3 4; do before[$n]=$(grep -c '^BENCH' out$n || true); done
start=$(date +%s.%N)
for n in 0 1 2 3 4; do echo "bench lookup $count" >&$((10 + n)); done
for n in 0 1 2 3 4; do
  for _ in $(seq 1 3000); do [ "$(grep -c '^BENCH' out$n || true)" -gt "${before[$n]}" ] && break; sleep 0.1; done
done
end=$(date +%s.%N)
for n in 0 1 2 3 4; do grep "BENCH lookup count=$count" out$n | tail -1; done
awk -v s="$start" -v e="$end" -v c="$count" 'BEGIN { printf "aggregate lookups/s: %.0f\n", 5 * c / (e - s) }'
