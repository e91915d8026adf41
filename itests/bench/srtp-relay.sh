#!/usr/bin/env bash
# SRTP<->RTP bridging through the imegate appliance and through rtpengine, same load, same run: packets per second
# per core and the latency each adds.
#
#   itests/bench/srtp-relay.sh [path/to/imegate-karaf-assembly-<version>.tar.gz]
#   STEPS=10,50,100,200 PPS=50 STEP_SECONDS=6 WARMUP_SECONDS=4 MAX_CALLS=50 MAX_SECONDS=4 MAX_WINDOW=4 \
#     SUITE=AES_CM_128_HMAC_SHA1_80 itests/bench/srtp-relay.sh                      # the defaults
#
# Each call carries one 50 pps PCMA stream each way (160-byte payload, 20 ms): "in" = SRTP from the Internet peer,
# relayed as RTP to the phone inside; "out" = RTP from the phone, relayed as SRTP to the peer. The load generator
# (itests/bench/srtp-relay/, plain javac, no other library) keys the peer's SRTP with the media bundle's own
# org.imegate.media.srtp.SrtpSession (proven against the RFC 3711/7714 vectors and libsrtp) and stamps every
# packet with its send time; one sender thread paces all streams, one receiver thread takes every packet.
#   imegate    the distribution unpacked to a temporary directory, started with bin/start and configured over
#              bin/client as an operator does (trustpoint enrolled with a federation CA made here, media-termination
#              inside 127.0.0.72 / outside 127.0.0.73, tls-proxy both ways, uc-ime to the call agent, the ticket
#              epoch and password over JMX). Calls are set up as in production: the generator's SIP UAC sends the
#              INVITE with the peer's SDP offer (RTP/SAVP, a=crypto) and enterprise B's IME ticket through an
#              stunnel client presenting enterprise B's certificate to the appliance's SIP/TLS listener; the
#              generator's call agent (TCP 127.0.0.76:5060) answers with the phone's RTP/AVP SDP; the appliance's
#              SRTP answer keys the peer's receive side. BYE at the end.
#   rtpengine  rtpengine 10.5 (Debian package rtpengine-daemon) in userspace (--table=-1), foreground, interface and
#              ng control on 127.0.0.74, 2 worker threads like the appliance's 2 relay threads; calls set up with
#              ng offer (the same SRTP offer, transport-protocol RTP/AVP toward the phone) and answer, deleted at
#              the end.
#   baseline   a plain UDP forwarder (itests/bench/srtp-relay/.../Forwarder.java, a JVM of its own, one thread, two
#              sockets per call latching their remotes, no SRTP), through which the same streams measure the
#              generator's, the loopback's and one process hop's own latency; "+p50/+p99" subtract it.
# Steps: STEPS concurrent calls at PPS packets/s each way for STEP_SECONDS each (after WARMUP_SECONDS of load at the
# largest step, not counted), then "max rate": MAX_CALLS calls, each stream keeping MAX_WINDOW packets in flight and
# sending the next as soon as one comes back, for MAX_SECONDS. Latency = one-way, send (before the generator's
# SRTP protect) to receipt (before its unprotect), same clock. CPU = utime+stime of the relay process (the Karaf
# JVM; rtpengine; the forwarder) from /proc/<pid>/stat over the step and its 300 ms drain; CPU us/pk = CPU / packets
# delivered; pps/core = packets delivered / CPU seconds; net/core the same less the process's idle CPU (measured for
# 2 s without packets after the warm-up) over the step. The machine is shared with the generator (and whatever else
# runs): "max rate" delivered pps is bounded by the whole machine, pps/core is the relay's own cost.
# Needs rtpengine-daemon, stunnel4 and openssl: installs the missing ones with apt-get when run as root (the
# daemon's service is kept from starting), exits 2 otherwise. Every process is started as a child and stopped by
# its pid on exit; the temporary directory is removed (KEEP=1 keeps it and prints its path). The tables are
# followed by machine-readable lines RESULT <baseline|imegate|rtpengine>.<calls<N>|max>.<figure>=<value>
# (itests/bench/run-all collects them). The appliance/CA/stunnel set-up is in itests/bench/lib/appliance.sh.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
steps=${STEPS:-10,50,100,200}
pps=${PPS:-50}
step_seconds=${STEP_SECONDS:-6}
warmup_seconds=${WARMUP_SECONDS:-4}
max_calls=${MAX_CALLS:-50}
max_seconds=${MAX_SECONDS:-4}
max_window=${MAX_WINDOW:-4}
suite=${SUITE:-AES_CM_128_HMAC_SHA1_80}
boot_timeout=${BOOT_TIMEOUT:-120}
for v in pps step_seconds warmup_seconds max_calls max_seconds max_window boot_timeout; do
    [[ ${!v} =~ ^[0-9]+$ ]] && [ "${!v}" -gt 0 ] || { echo "$v must be a positive integer" >&2; exit 2; }
done
[[ $steps =~ ^[0-9]+(,[0-9]+)*$ ]] || { echo "STEPS must be a comma-separated list of call counts" >&2; exit 2; }
case "$suite" in
    AES_CM_128_HMAC_SHA1_80|AES_CM_128_HMAC_SHA1_32|AEAD_AES_128_GCM|AEAD_AES_256_GCM) ;;
    *) echo "SUITE must be one of AES_CM_128_HMAC_SHA1_80 AES_CM_128_HMAC_SHA1_32 AEAD_AES_128_GCM AEAD_AES_256_GCM" >&2
       exit 2 ;;
esac

# Loopback addresses of this benchmark (distinct from those of sip-calls.sh and of the integration tests)
peer=127.0.0.71       # the Internet peer: stunnel client listener :15071 and the peer's SRTP sockets
inside=127.0.0.72     # appliance, inside interface
outside=127.0.0.73    # appliance, outside interface: SIP/TLS listener :5061
rtpe=127.0.0.74       # rtpengine: ng control :2223, media ports 30000-31999
phone=127.0.0.75      # the phone inside: RTP sockets
cucm=127.0.0.76       # the call agent (the generator's UAS) on :5060 TCP
forwarder=127.0.0.77  # the baseline forwarder's sockets
callee=+14085551234   # the number called, which enterprise B's ticket permits
ticket_epoch=1

# --- peers ----------------------------------------------------------------------------------------------------
missing=()
command -v rtpengine >/dev/null || missing+=(rtpengine-daemon)
command -v stunnel4 >/dev/null || missing+=(stunnel4)
command -v openssl >/dev/null || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "missing Debian packages: ${missing[*]} (run as root to have them installed, or apt-get install them)" >&2
        exit 2
    fi
    echo "installing ${missing[*]} with apt-get"
    apt-get update -qq
    # rtpengine-daemon must not start its system service: this benchmark starts its own on loopback
    policy=/usr/sbin/policy-rc.d
    added_policy=no
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod 755 "$policy" && added_policy=yes
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null || install_rc=$?
    if [ "$added_policy" = yes ]; then rm -f "$policy"; fi
    [ "${install_rc:-0}" -eq 0 ] || { echo "apt-get install ${missing[*]} failed" >&2; exit 2; }
fi

source "$here/lib/appliance.sh"
bench_tarball "${1:-}"
media_classes="$root/bundles/media/target/classes"
api_classes="$root/bundles/api/target/classes"
if [ -z "$tarball" ] || [ ! -f "$tarball" ] || [ ! -f "$media_classes/org/imegate/media/srtp/SrtpSession.class" ] \
        || [ ! -d "$api_classes/org/imegate/api" ]; then
    echo "no distribution tar.gz or media/api classes: build them first (mvn -B -q package -DskipTests at the" \
        "repository root) or pass the tar.gz's path" >&2
    exit 2
fi
bench_java_home

# --- housekeeping ---------------------------------------------------------------------------------------------
bench_workdir srtp-relay

for addr in $outside:5061 $inside:5070 $inside:5071 $cucm:5060 $peer:15071; do
    if listening "${addr%:*}" "${addr#*:}"; then
        echo "$addr is already in use" >&2
        exit 2
    fi
done
if listening $rtpe 2223 udp; then
    echo "$rtpe:2223/udp is already in use" >&2
    exit 2
fi

# --- the load generator, compiled against this checkout's media and api classes ---------------------------------
gen_cp="$work/generator:$media_classes:$api_classes"
mkdir -p "$work/generator"
"$JAVA_HOME/bin/javac" -d "$work/generator" -cp "$media_classes:$api_classes" \
    "$here"/srtp-relay/src/main/java/org/imegate/bench/srtprelay/*.java

# --- federation CA: enterprise B (the peer's stunnel client) and enterprise A (the appliance) -------------------
bench_ca
issue enterprise-b enterprise-b.example

# --- the appliance ----------------------------------------------------------------------------------------------
appliance_unpack $inside $outside
appliance_boot
appliance_configure_ent_a $inside $outside $cucm "$callee" $ticket_epoch

# --- stunnel: the remote enterprise's TLS client ----------------------------------------------------------------
stunnel_clients to-imegate:$peer:15071:$outside:5061

# --- rtpengine, userspace only, on loopback -----------------------------------------------------------------------
rtpengine --config-file=none --table=-1 --foreground --pidfile="$work/rtpengine.pid" --interface=$rtpe \
    --listen-ng=$rtpe:2223 --port-min=30000 --port-max=31999 --num-threads=2 --timeout=300 --log-stderr \
    --log-level=4 > "$work/rtpengine.log" 2>&1 &
children+=("$!")
await_listening $rtpe 2223 rtpengine "$!" udp
rtpengine_pid=$(tr -d '[:space:]' < "$work/rtpengine.pid")
children+=("$rtpengine_pid")
[ "$(cat "/proc/$rtpengine_pid/comm" 2>/dev/null)" = rtpengine ] \
    || { echo "rtpengine's pid file names $rtpengine_pid, which is not rtpengine" >&2; exit 1; }

# --- the load ---------------------------------------------------------------------------------------------------
echo "load: steps $steps calls x $pps pps each way, $step_seconds s each; max rate $max_calls calls," \
    "window $max_window, $max_seconds s; $suite"
BENCH_TICKET=$ticket "$JAVA_HOME/bin/java" -Xms256m -Xmx512m -XX:+UseParallelGC -cp "$gen_cp" \
    org.imegate.bench.srtprelay.SrtpRelayBench \
    systems=imegate,rtpengine steps="$steps" pps="$pps" step.seconds="$step_seconds" warmup.seconds="$warmup_seconds" \
    max.calls="$max_calls" max.seconds="$max_seconds" max.window="$max_window" suite="$suite" clk.tck="$(getconf CLK_TCK)" \
    peer.ip=$peer phone.ip=$phone forwarder.ip=$forwarder \
    imegate.pid="$karaf_pid" sip.stunnel=$peer:15071 sip.target=$outside:5061 sip.uas=$cucm:5060 callee="$callee" \
    rtpengine.pid="$rtpengine_pid" ng=$rtpe:2223 \
    | tee "$work/results.txt"
gen_rc=${PIPESTATUS[0]}

echo
echo "nproc $(nproc), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(basename "$tarball")," \
    "$(rtpengine --version 2>&1 | head -1), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)," \
    "load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
rss_kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$karaf_pid/status")
echo "appliance JVM after the run: RSS $(( rss_kb / 1024 )) MiB, $(awk '/^Threads:/ {print $2}' "/proc/$karaf_pid/status") threads;" \
    "rtpengine RSS $(( $(awk '/^VmRSS:/ {print $2}' "/proc/$rtpengine_pid/status") / 1024 )) MiB"
result imegate.rss_mib $(( rss_kb / 1024 ))
result rtpengine.rss_mib $(( $(proc_rss_kb "$rtpengine_pid") / 1024 ))
appliance_log_summary
rtpe_errors=$(grep -c 'ERR' "$work/rtpengine.log" || true)
echo "rtpengine log: ${rtpe_errors:-0} error lines"
if [ "${rtpe_errors:-0}" -gt 0 ]; then
    grep 'ERR' "$work/rtpengine.log" | sed -E 's/^\[[0-9.]+\] //; s/\[[^]]*port [0-9]+\]: //; s/[0-9]+/N/g' \
        | sort | uniq -c | sort -rn | head -5 | sed 's/^/    /' || true
fi
exit "$gen_rc"
