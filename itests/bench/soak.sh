#!/usr/bin/env bash
# Soak: a steady SIP/TLS call rate through the imegate appliance for SOAK_MINUTES, the appliance's memory at the
# start and at the end, calls attempted and failed.
#
#   itests/bench/soak.sh [path/to/imegate-karaf-assembly-<version>.tar.gz]
#   SOAK_MINUTES=10 RATE=20 HOLD_MS=1000 WARMUP=200 SAMPLE_SECONDS=60 itests/bench/soak.sh          # the defaults
#
# The call is the one of sip-calls.sh (itests/bench/lib/appliance.sh has the shared set-up): SIPp (UAC,
# itests/bench/sipp/uac-call-noaudio.xml, RTP/SAVP offer, no media) -> stunnel client presenting enterprise B's
# certificate from a federation CA made here -> the appliance (configured over bin/client as an operator does,
# ticket epoch and password over JMX, every INVITE carrying enterprise B's valid IME ticket) -> the call agent,
# SIPp UAS on 127.0.0.84:5060 TCP. WARMUP calls first (not counted), then RATE calls/s, each held HOLD_MS ms, for
# SOAK_MINUTES minutes (RATE * 60 * SOAK_MINUTES calls). RSS of the Karaf JVM: at the start of the soak (after the
# warm-up), every SAMPLE_SECONDS while it runs, and at the end (after the last call ended, before any GC is asked
# for). Prints a summary and machine-readable lines RESULT soak.<figure>=<value>; asserts nothing on time or
# memory; exits non-zero only if the appliance or a peer cannot be started or configured (failed calls are
# reported, not fatal). Needs sip-tester and stunnel4 (installed with apt-get when run as root). Every process is
# started as a child and stopped by its pid on exit; the temporary directory is removed (KEEP=1 keeps it).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
minutes=${SOAK_MINUTES:-10}
rate=${RATE:-20}
hold_ms=${HOLD_MS:-1000}
warmup=${WARMUP:-200}
sample_seconds=${SAMPLE_SECONDS:-60}
for v in minutes rate hold_ms warmup sample_seconds; do
    [[ ${!v} =~ ^[0-9]+$ ]] && [ "${!v}" -gt 0 -o "$v" = hold_ms -o "$v" = warmup ] || { echo "$v must be a positive integer" >&2; exit 2; }
done

# Loopback addresses of this benchmark (distinct from sip-calls.sh's, srtp-relay.sh's and the integration tests')
caller=127.0.0.81     # SIPp UAC and the stunnel client's listener :15081
inside=127.0.0.82     # appliance, inside interface
outside=127.0.0.83    # appliance, outside interface: SIP/TLS listener :5061
cucm=127.0.0.84       # the call agent, SIPp UAS on :5060 TCP
callee=+14085551234   # the number called, which enterprise B's ticket permits
ticket_epoch=1

missing=()
command -v sipp >/dev/null || missing+=(sip-tester)
command -v stunnel4 >/dev/null || missing+=(stunnel4)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "missing Debian packages: ${missing[*]} (run as root to have them installed, or apt-get install them)" >&2
        exit 2
    fi
    echo "installing ${missing[*]} with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
fi

source "$here/lib/appliance.sh"
bench_tarball "${1:-}"
bench_java_home
bench_workdir soak

for addr in $outside:5061 $inside:5070 $inside:5071 $cucm:5060 $caller:15081; do
    if listening "${addr%:*}" "${addr#*:}"; then
        echo "$addr is already in use" >&2
        exit 2
    fi
done

bench_ca
issue enterprise-b enterprise-b.example
appliance_unpack $inside $outside
appliance_boot
appliance_configure_ent_a $inside $outside $cucm "$callee" $ticket_epoch
stunnel_clients to-imegate:$caller:15081:$outside:5061

uac_scenario="$here/sipp/uac-call-noaudio.xml"
dir="$work/soak"
mkdir -p "$dir"
sipp_uas_start "$dir" $cucm
uac_keys $outside:5061 "$callee"
if [ "$warmup" -gt 0 ]; then
    (cd "$dir" && exec sipp -sf "$uac_scenario" -t t1 -i "$caller" -p 5080 -mi "$caller" -mp 17000 \
        "${uac_args[@]}" -d "$hold_ms" -m "$warmup" -r "$rate" \
        -recv_timeout 10000 -timeout "$(( warmup / rate + 60 ))s" -nostdin \
        -trace_stat -stf "$dir/warmup-stat.csv" -fd 1 -trace_err -error_file "$dir/warmup-errors.log" \
        "$caller:15081" > "$dir/warmup.out" 2>&1) || echo "warm-up SIPp exited $?"
fi

calls=$(( rate * 60 * minutes ))
echo "soak: $rate calls/s, hold $hold_ms ms, $minutes min ($calls calls), after $warmup warm-up calls"
rss_start=$(proc_rss_kb "$karaf_pid")
threads_start=$(threads_of "$karaf_pid")
cpu0=$(cpu_ticks "$karaf_pid")
t0=$(now_ms)
printf '%8s %10s %8s\n' "minute" "RSS MiB" "threads"
printf '%8.1f %10d %8d\n' 0 $(( rss_start / 1024 )) "$threads_start"
(cd "$dir" && exec sipp -sf "$uac_scenario" -t t1 -i "$caller" -p 5080 -mi "$caller" -mp 17000 \
    "${uac_args[@]}" -d "$hold_ms" -m "$calls" -r "$rate" \
    -recv_timeout 10000 -timeout "$(( minutes * 60 + 120 ))s" -nostdin \
    -trace_stat -stf "$dir/uac-stat.csv" -fd 5 -trace_err -error_file "$dir/uac-errors.log" \
    -trace_screen -screen_file "$dir/uac-screen.log" \
    "$caller:15081" > "$dir/uac.out" 2>&1) &
uac_pid=$!
children+=("$uac_pid")
# sample the appliance while SIPp runs; SIPp's own -timeout ends it, the deadline bounds this loop as well
deadline=$(( t0 + (minutes * 60 + 180) * 1000 ))
rss_max=$rss_start
next_sample=$(( t0 + sample_seconds * 1000 ))
while kill -0 "$uac_pid" 2>/dev/null && [ "$(now_ms)" -lt "$deadline" ]; do
    kill -0 "$karaf_pid" 2>/dev/null || { echo "the Karaf JVM $karaf_pid died during the soak" >&2; exit 1; }
    if [ "$(now_ms)" -ge "$next_sample" ]; then
        r=$(proc_rss_kb "$karaf_pid")
        [ "$r" -gt "$rss_max" ] && rss_max=$r
        printf '%8.1f %10d %8d\n' "$(awk "BEGIN {print ($(now_ms) - $t0) / 60000}")" $(( r / 1024 )) "$(threads_of "$karaf_pid")"
        next_sample=$(( next_sample + sample_seconds * 1000 ))
    fi
    sleep 1
done
uac_rc=0
if kill -0 "$uac_pid" 2>/dev/null; then
    echo "SIPp still running $(( (minutes * 60 + 180) )) s after the start: stopping it" >&2
    kill "$uac_pid" 2>/dev/null || true
    uac_rc=124
else
    wait "$uac_pid" || uac_rc=$?
fi
elapsed_ms=$(( $(now_ms) - t0 ))
cpu_ms=$(( ( $(cpu_ticks "$karaf_pid") - cpu0 ) * 1000 / $(getconf CLK_TCK) ))
rss_end=$(proc_rss_kb "$karaf_pid")
threads_end=$(threads_of "$karaf_pid")
[ "$rss_end" -gt "$rss_max" ] && rss_max=$rss_end
printf '%8.1f %10d %8d\n' "$(awk "BEGIN {print $elapsed_ms / 60000}")" $(( rss_end / 1024 )) "$threads_end"
sipp_uas_stop $cucm
statistics=$(console "uc-ime:show-signaling-sessions statistics" | tr -d '\r')

read -r placed ok failed < <(python3 - "$dir/uac-stat.csv" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter=";"))
last = rows[-1] if rows else {}
print(int(last.get("TotalCallCreated", 0)), int(last.get("SuccessfulCall(C)", 0)), int(last.get("FailedCall(C)", 0)))
EOF
)
errs=$(grep -c . "$dir/uac-errors.log" 2>/dev/null || true)

echo
echo "nproc $(nproc), $(basename "$tarball"), load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-34s %s\n' "soak" "$minutes min at $rate calls/s offered, hold $hold_ms ms ($(awk "BEGIN {printf \"%.1f\", $elapsed_ms / 60000}") min wall)"
printf '%-34s %s\n' "calls attempted / ok / failed" "$placed / $ok / $failed (SIPp exit $uac_rc, ${errs:-0} error-log lines)"
printf '%-34s %s\n' "appliance RSS start -> end (max)" "$(( rss_start / 1024 )) -> $(( rss_end / 1024 )) MiB ($(( rss_max / 1024 )) MiB)"
printf '%-34s %s\n' "appliance threads start -> end" "$threads_start -> $threads_end"
printf '%-34s %s\n' "appliance CPU per call" "$(awk "BEGIN {printf \"%.2f ms\", $cpu_ms / ($ok > 0 ? $ok : 1)}")"
printf '%-34s %s\n' "signaling sessions" "$(head -2 <<<"$statistics" | tr '\n' ' ')"
if [ "${errs:-0}" -gt 0 ]; then
    grep -v '^[[:space:]]*$' "$dir/uac-errors.log" | sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}[^ ]* //; s/[0-9]+\.[0-9]+: //' \
        | sort | uniq -c | sort -rn | head -5 | sed 's/^/    /' || true
fi
appliance_log_summary
result soak.minutes "$minutes"
result soak.rate "$rate"
result soak.calls_attempted "$placed"
result soak.calls_ok "$ok"
result soak.calls_failed "$failed"
result soak.rss_start_mib $(( rss_start / 1024 ))
result soak.rss_end_mib $(( rss_end / 1024 ))
result soak.rss_max_mib $(( rss_max / 1024 ))
result soak.threads_start "$threads_start"
result soak.threads_end "$threads_end"
result soak.sipp_exit "$uac_rc"
