#!/usr/bin/env bash
# Calls per second and call setup latency through the imegate appliance and through Kamailio, same load, same run.
#
#   itests/bench/sip-calls.sh [path/to/imegate-karaf-assembly-<version>.tar.gz]
#   RATE=50 CALLS=3000 HOLD_MS=100 WARMUP=200 itests/bench/sip-calls.sh          # the defaults
#
# Both systems get the same inbound IME-style call from a remote enterprise: SIPp (UAC, itests/bench/sipp/
# uac-call-noaudio.xml, no media) -> stunnel client presenting enterprise B's certificate (SIP/TLS, mutual
# authentication, federation CA made here with openssl) -> the system under test -> the call agent, SIPp UAS on
# 127.0.0.60:5060 TCP (itests/src/test/resources/sipp/uas-answer.xml). RATE calls/s are offered until CALLS calls
# were placed, each call held HOLD_MS ms, one TCP connection (-t t1) on each leg.
#   imegate   the distribution unpacked to a temporary directory, started with bin/start and configured over
#             bin/client as an operator does (trustpoint enrolled with the federation CA, media-termination,
#             tls-proxy both ways, uc-ime to the call agent, inspect-sip both ways); TLS listener 127.0.0.53:5061.
#             The appliance refuses an inbound INVITE without a valid IME ticket: the ticket epoch and a random
#             password are set over JMX (itests/bench/ImeTicket.java, run by the JDK's source launcher, secrets
#             passed in its environment), which also issues enterprise B's ticket for the called number; every
#             INVITE carries it (X-Cisco-UC-IME-Ticket, -key ticket), to Kamailio as well, which ignores it.
#   kamailio  Kamailio (Debian package) as a TLS-terminating record-routing proxy written here: tls:127.0.0.54:5061
#             with a client certificate required and verified, t_relay to the call agent over TCP, no database.
#             It proxies signaling only: it neither rewrites SDP nor allocates or relays media ports, which the
#             appliance does for every call.
# Each system first gets WARMUP calls (default 200, not counted: JIT and connection set-up), then the measured run.
# Setup latency = first INVITE sent -> 200 OK received at the caller, every call, from the caller's message trace
# (-trace_msg, microsecond timestamps); SIPp's own response time 1 (-trace_rtt -rtt_freq 1) is printed beside it,
# but SIPp's clock moves in steps of about 4 ms, too coarse for a sub-millisecond proxy. Achieved calls/s =
# successful calls / SIPp's wall time for the run; CPU ms/call = CPU time of the system under test / successful
# calls. The machine is shared with whatever else runs: the load average at the end of each run is printed.
# Needs kamailio, kamailio-tls-modules, sip-tester and stunnel4: installs them with apt-get when run as root,
# exits 2 otherwise. Exits non-zero if a system cannot be started or configured; failed calls are reported, not
# fatal. Every process is started as a child and stopped by its pid on exit; the temporary directory is removed
# (KEEP=1 keeps it and prints its path). The human table is followed by machine-readable lines
# RESULT <imegate|kamailio>.<figure>=<value> (itests/bench/run-all collects them). The set-up shared with
# srtp-relay.sh and soak.sh (CA, appliance, stunnel, SIPp call agent) is in itests/bench/lib/appliance.sh.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rate=${RATE:-50}
calls=${CALLS:-3000}
hold_ms=${HOLD_MS:-100}
warmup=${WARMUP:-200}
boot_timeout=${BOOT_TIMEOUT:-120}
for v in rate calls hold_ms warmup boot_timeout; do
    [[ ${!v} =~ ^[0-9]+$ ]] && [ "${!v}" -gt 0 -o "$v" = hold_ms -o "$v" = warmup ] || { echo "$v must be a positive integer" >&2; exit 2; }
done

# Loopback addresses of this benchmark (distinct from those of the integration tests, which may run meanwhile)
caller=127.0.0.51     # SIPp UAC and the stunnel client's listeners
inside=127.0.0.52     # appliance, inside interface
outside=127.0.0.53    # appliance, outside interface: SIP/TLS listener :5061
kam_ip=127.0.0.54     # Kamailio: tls :5061, tcp :5060
cucm=127.0.0.60       # the call agent, SIPp UAS on :5060 TCP
callee=+14085551234   # the number called, which enterprise B's ticket permits
ticket_epoch=1

# --- peers ----------------------------------------------------------------------------------------------------
missing=()
command -v kamailio >/dev/null || missing+=(kamailio)
kamailio_modules=/usr/lib/x86_64-linux-gnu/kamailio/modules
[ -f "$kamailio_modules/tls.so" ] || missing+=(kamailio-tls-modules)
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
if [ ! -f "$kamailio_modules/tls.so" ]; then
    kamailio_modules=$(dirname "$(ls -1 /usr/lib/*/kamailio/modules/tls.so /usr/lib/kamailio/modules/tls.so 2>/dev/null | head -1)")
fi

source "$here/lib/appliance.sh"
bench_tarball "${1:-}"
bench_java_home

# --- housekeeping ---------------------------------------------------------------------------------------------
bench_workdir sip-calls

for addr in $outside:5061 $inside:5070 $inside:5071 $kam_ip:5061 $kam_ip:5060 $cucm:5060 $caller:15061 $caller:15062; do
    if listening "${addr%:*}" "${addr#*:}"; then
        echo "$addr is already in use" >&2
        exit 2
    fi
done

# --- federation CA: enterprise B (the caller's stunnel), Kamailio's server identity ------------------------------
bench_ca
issue enterprise-b enterprise-b.example
issue kamailio enterprise-a.example

# --- the appliance ----------------------------------------------------------------------------------------------
appliance_unpack $inside $outside
appliance_boot
appliance_configure_ent_a $inside $outside $cucm "$callee" $ticket_epoch

# --- Kamailio ---------------------------------------------------------------------------------------------------
kam="$work/kamailio"
mkdir -p "$kam/run"
cat > "$kam/tls.cfg" <<EOF
[server:default]
method = TLSv1.2+
verify_certificate = yes
require_certificate = yes
private_key = $ca/kamailio.key
certificate = $ca/kamailio.pem
ca_list = $ca/ca.pem

[client:default]
method = TLSv1.2+
verify_certificate = no
require_certificate = no
EOF
cat > "$kam/kamailio.cfg" <<EOF
#!KAMAILIO
# A TLS-terminating, record-routing proxy in front of the call agent; signaling only, no media.
debug=0
log_stderror=yes
auto_aliases=no
disable_sctp=yes
children=2
tcp_children=2
listen=tls:$kam_ip:5061
listen=tcp:$kam_ip:5060
enable_tls=yes
tcp_accept_no_cl=yes
mpath="$kamailio_modules"

loadmodule "tls.so"
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "maxfwd.so"

modparam("tls", "config", "$kam/tls.cfg")

request_route {
    if (!mf_process_maxfwd_header("10")) {
        sl_send_reply("483", "Too Many Hops");
        exit;
    }
    if (loose_route()) {
        if (!t_relay()) {
            sl_reply_error();
        }
        exit;
    }
    if (method == "ACK") {
        t_check_trans();
        exit;
    }
    if (proto != TLS) {
        sl_send_reply("403", "TLS only");
        exit;
    }
    record_route();
    if (!t_relay_to_tcp("$cucm", "5060")) {
        sl_reply_error();
    }
}
EOF
kamailio -c -f "$kam/kamailio.cfg" -L "$kamailio_modules" -Y "$kam/run" > "$kam/check.log" 2>&1 \
    || { echo "kamailio.cfg does not check:" >&2; cat "$kam/check.log" >&2; exit 1; }
kamailio -f "$kam/kamailio.cfg" -L "$kamailio_modules" -Y "$kam/run" -w "$kam" -DD -E --atexit=no -m 128 -M 8 \
    > "$kam/kamailio.log" 2>&1 &
kamailio_pid=$!
children+=("$kamailio_pid")
await_listening $kam_ip 5061 kamailio "$kamailio_pid"

# --- stunnel: the remote enterprise's TLS client, one service per system under test ----------------------------------
stunnel_clients to-imegate:$caller:15061:$outside:5061 to-kamailio:$caller:15062:$kam_ip:5061

# --- one load run: call agent up, SIPp UAC through stunnel, call agent down ---------------------------------------
uac_scenario="$here/sipp/uac-call-noaudio.xml"
uas_scenario="$root/itests/src/test/resources/sipp/uas-answer.xml"
run_seconds=$(( calls / rate + 1 ))
load() { # name stunnel-port target (host:port in the Request-URI) pid-of-the-system-under-test
    local dir="$work/run-$1" uas_pid uac_rc=0 uac_args
    mkdir -p "$dir"
    sipp_uas_start "$dir" $cucm
    uac_keys "$3" "$callee"
    if [ "$warmup" -gt 0 ]; then
        (cd "$dir" && exec sipp -sf "$uac_scenario" -t t1 -i "$caller" -p 5080 -mi "$caller" -mp 17000 \
            "${uac_args[@]}" -d "$hold_ms" -m "$warmup" -r "$rate" \
            -recv_timeout 10000 -timeout "$(( warmup / rate + 60 ))s" -nostdin \
            -trace_stat -stf "$dir/warmup-stat.csv" -fd 1 \
            -trace_err -error_file "$dir/warmup-errors.log" -trace_screen -screen_file "$dir/warmup-screen.log" \
            "$caller:$2" > "$dir/warmup.out" 2>&1) || echo "$1: warm-up SIPp exited $?"
    fi
    echo "$1: $calls calls at $rate calls/s, hold $hold_ms ms (after $warmup warm-up calls) ..."
    local cpu0
    cpu0=$(cpu_ticks "$4")
    (cd "$dir" && exec sipp -sf "$uac_scenario" -t t1 -i "$caller" -p 5080 -mi "$caller" -mp 17000 \
        "${uac_args[@]}" -d "$hold_ms" -m "$calls" -r "$rate" \
        -recv_timeout 10000 -timeout "$(( run_seconds + 60 ))s" -nostdin \
        -trace_stat -stf "$dir/uac-stat.csv" -fd 1 -trace_rtt -rtt_freq 1 -trace_msg -message_file "$dir/uac-msg.log" \
        -trace_err -error_file "$dir/uac-errors.log" -trace_screen -screen_file "$dir/uac-screen.log" \
        "$caller:$2" > "$dir/uac.out" 2>&1) || uac_rc=$?
    echo "$uac_rc" > "$dir/uac.rc"
    echo $(( ( $(cpu_ticks "$4") - cpu0 ) * 1000 / $(getconf CLK_TCK) )) > "$dir/cpu-ms"
    cut -d' ' -f1-3 /proc/loadavg > "$dir/loadavg"
    sipp_uas_stop $cucm
}

load imegate 15061 $outside:5061 "$karaf_pid"
sleep 1
rss_kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$karaf_pid/status")
threads=$(awk '/^Threads:/ {print $2}' "/proc/$karaf_pid/status")
statistics=$(console "uc-ime:show-signaling-sessions statistics" | tr -d '\r')
sessions=$(head -2 <<<"$statistics" | tr '\n' ' ')
ticket_refusals=$(grep -E '^[[:space:]]+(Ticket|Route domain)' <<<"$statistics" | awk -F: '{s += $2} END {print s + 0}')
load kamailio 15062 $kam_ip:5061 "$kamailio_pid"

# --- figures ----------------------------------------------------------------------------------------------------
summary() { # name -> one table row
    python3 - "$work/run-$1" "$1" "$rate" "$(cat "$work/run-$1/cpu-ms")" <<'EOF'
import csv, glob, math, os, re, sys
d, name, rate, cpu_ms = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rows = list(csv.DictReader(open(os.path.join(d, "uac-stat.csv")), delimiter=";"))
last = rows[-1] if rows else {}
def epoch(v):  # "date<TAB>time<TAB>seconds.micros"
    return float(v.split("\t")[-1])
ok = int(last.get("SuccessfulCall(C)", 0))
failed = int(last.get("FailedCall(C)", 0))
placed = int(last.get("TotalCallCreated", 0))
elapsed = epoch(last["CurrentTime"]) - epoch(last["StartTime"]) if last else 0
# setup latency from the caller's message trace (microsecond timestamps): first INVITE sent -> first 200 to it
sent, setup = {}, []
sep = re.compile(r"^-{20,} (\d{4}-\d\d-\d\d) (\d\d):(\d\d):(\d\d\.\d+)$")
def records(path):
    t, lines = None, []
    for line in open(path, errors="replace"):
        m = sep.match(line.rstrip("\n"))
        if m:
            if t is not None:
                yield t, lines
            t, lines = (int(m.group(2)) * 3600 + int(m.group(3)) * 60 + float(m.group(4))), []
        elif t is not None:
            lines.append(line.rstrip("\r\n"))
    if t is not None:
        yield t, lines
for t, lines in records(os.path.join(d, "uac-msg.log")):
    body = [l for l in lines if l.strip()]
    if len(body) < 2:
        continue
    direction, start = body[0], body[1]
    hdr = {}
    for l in body[2:]:
        k, _, v = l.partition(":")
        hdr.setdefault(k.strip().lower(), v.strip())
    cid, cseq = hdr.get("call-id"), hdr.get("cseq", "")
    if cid is None:
        continue
    if "sent" in direction and start.startswith("INVITE "):
        sent.setdefault(cid, t)
    elif "received" in direction and start.startswith("SIP/2.0 200") and cseq.endswith("INVITE") and cid in sent:
        dt = t - sent.pop(cid)
        if dt < 0:
            dt += 86400
        setup.append(dt * 1000)
setup.sort()
def pct(values, p):
    return values[max(0, math.ceil(p / 100 * len(values)) - 1)] if values else float("nan")
rtd = []
for f in glob.glob(os.path.join(d, "*_rtt.csv")):
    for line in open(f):
        parts = line.strip().split(";")
        if len(parts) >= 3 and parts[2].strip() == "1":
            try:
                rtd.append(float(parts[1]))
            except ValueError:
                pass
rtd.sort()
cps = ok / elapsed if elapsed else 0
print(f"{name:<9} {rate:>7} {placed:>6} {ok:>6} {failed:>6} {cps:>9.1f} {pct(setup, 50):>8.2f} {pct(setup, 90):>8.2f} "
      f"{pct(setup, 99):>8.2f} {len(setup):>6} {cpu_ms / max(ok, 1):>8.2f}   | {pct(rtd, 50):>4.0f} {pct(rtd, 90):>4.0f} {pct(rtd, 99):>4.0f} {len(rtd):>6}")
with open(os.path.join(d, "results"), "w") as out:
    for key, value in (("offered_cps", rate), ("calls", placed), ("ok", ok), ("failed", failed), ("cps", f"{cps:.1f}"),
                       ("setup_p50_ms", f"{pct(setup, 50):.2f}"), ("setup_p90_ms", f"{pct(setup, 90):.2f}"),
                       ("setup_p99_ms", f"{pct(setup, 99):.2f}"), ("cpu_ms_per_call", f"{cpu_ms / max(ok, 1):.2f}")):
        out.write(f"RESULT {name}.{key}={value}\n")
EOF
}

echo
echo "nproc $(nproc), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(basename "$tarball"), $(kamailio -v | head -1 | sed 's/^version: //')"
echo "offered $rate calls/s, $calls calls, hold $hold_ms ms, SIP/TLS from the caller (stunnel client), TCP to the call agent"
printf '%-9s %7s %6s %6s %6s %9s %8s %8s %8s %6s %8s   | %s\n' system offered calls ok failed "calls/s" "p50 ms" "p90 ms" "p99 ms" setups "CPU ms/call" \
    "SIPp rtd p50/p90/p99 ms, n"
summary imegate
summary kamailio
echo "setup = first INVITE sent -> 200 OK received, from the caller's message trace (microsecond timestamps, every call);"
echo "SIPp rtd = the same interval from -trace_rtt -rtt_freq 1 (SIPp's internal clock: whole ms in steps of about 4 ms)"
echo "calls/s = successful calls / (last statistics dump - SIPp start); CPU ms/call = user+system CPU of the system under test"
echo "(Karaf JVM; Kamailio's main process and its children) during the measured run / successful calls"
echo "kamailio proxies signaling only; imegate also rewrites the SDP and allocates media-relay ports for every call"
echo "appliance JVM after its run: RSS $(( rss_kb / 1024 )) MiB, $threads threads; uc-ime:show-signaling-sessions statistics: $sessions(ticket refusals $ticket_refusals)"
for n in imegate kamailio; do
    d="$work/run-$n"
    rc=$(cat "$d/uac.rc")
    errs=$(grep -c . "$d/uac-errors.log" 2>/dev/null || true)
    uas_errs=$(grep -c . "$d/uas-errors.log" 2>/dev/null || true)
    echo "$n: SIPp UAC exit $rc, UAC error-log lines ${errs:-0}, call-agent error-log lines ${uas_errs:-0}, load average at the end $(cat "$d/loadavg")"
    if [ "${errs:-0}" -gt 0 ]; then
        grep -v '^[[:space:]]*$' "$d/uac-errors.log" | sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}[^ ]* //; s/[0-9]+\.[0-9]+: //' \
            | sort | uniq -c | sort -rn | head -5 | sed 's/^/    /' || true
    fi
done
appliance_log_summary
kam_errors=$(grep -c -E 'ERROR|CRITICAL' "$kam/kamailio.log" || true)
echo "kamailio log: ${kam_errors:-0} error lines"
result kamailio.log_errors "${kam_errors:-0}"
cat "$work"/run-*/results
result imegate.rss_mib $(( rss_kb / 1024 ))
result imegate.ticket_refusals "$ticket_refusals"
