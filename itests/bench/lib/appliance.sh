# Shared set-up of the SIP/TLS benchmarks (sip-calls.sh, srtp-relay.sh, soak.sh): sourced, not run.
#
# Provides:
#   bench_tarball [path]        sets tarball (the argument, or karaf-assembly/target's tar.gz); exits 2 without one
#   bench_java_home             sets and exports JAVA_HOME from the java on the PATH when unset
#   bench_workdir <name>        sets work (mktemp -d imegate-<name>.XXXXXX) and app, installs the EXIT trap that
#                               stops every pid in children and the appliance (bin/stop, kill -9 after 20 s) and
#                               removes work (KEEP=1 keeps it and prints its path)
#   now_ms, free_port, listening <host> <port> [udp], await_listening <host> <port> <what> <pid> [udp],
#   set_cfg <file> <key> <value>, cpu_ticks <pid>, proc_rss_kb <pid>, threads_of <pid>, result <key> <value>
#   bench_ca                    federation CA in $work/ca: ossl, sign <csr> <name> <dns>, issue <name> <cn>
#   appliance_unpack <inside> <outside>
#                               unpacks the tar.gz into $app, ssh/JMX on free loopback ports, the interfaces'
#                               addresses, a temporary admin user with a random password (user, password)
#   console <command>, admin <command>
#   appliance_boot              bin/start, waits until feature:list -i shows imegate Started (BOOT_TIMEOUT,
#                               default 120 s); sets karaf_pid
#   appliance_configure_ent_a <inside> <outside> <cucm> <callee> <epoch>
#                               enterprise A as an operator configures it over bin/client (trustpoint enrolled
#                               with the federation CA, media-termination, tls-proxy both ways, uc-ime to the call
#                               agent, inspect-sip both ways), the ticket epoch and a random password over JMX
#                               (ImeTicket.java), enterprise B's ticket for <callee> in ticket; waits for the
#                               outside SIP/TLS listener; sets log_lines_before
#   stunnel_clients <name:accept:connect>...
#                               one stunnel4 process, a client service per argument presenting enterprise B's
#                               certificate and checking the server is enterprise-a.example; sets stunnel_pid
#   appliance_log_summary       ERROR and WARN lines of karaf.log since log_lines_before
# The caller sets here (the bench directory) and root (the repository) before sourcing.

bench_tarball() { # [path]
    tarball=${1:-}
    if [ -z "$tarball" ]; then
        tarball=$(ls -1 "$root"/karaf-assembly/target/imegate-karaf-assembly-*.tar.gz 2>/dev/null | head -1 || true)
    fi
    if [ -z "$tarball" ] || [ ! -f "$tarball" ]; then
        echo "no distribution tar.gz: build it first (mvn -B -q install -DskipTests at the repository root) or pass its path" >&2
        exit 2
    fi
}

bench_java_home() {
    if [ -z "${JAVA_HOME:-}" ]; then
        JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    fi
    export JAVA_HOME
}

bench_workdir() { # name
    work=$(mktemp -d "${TMPDIR:-/tmp}/imegate-$1.XXXXXX")
    app="$work/appliance"
    karaf_pid=""
    children=()   # pids of the processes started in the background
    trap bench_cleanup EXIT
}

bench_cleanup() {
    local p
    for p in "${children[@]}"; do
        kill "$p" 2>/dev/null || true
    done
    if [ -n "$karaf_pid" ] && kill -0 "$karaf_pid" 2>/dev/null; then
        "$app/bin/stop" >/dev/null 2>&1 || true
        for _ in $(seq 1 100); do kill -0 "$karaf_pid" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$karaf_pid" 2>/dev/null || true
    fi
    for p in "${children[@]}"; do
        for _ in $(seq 1 25); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$p" 2>/dev/null || true
    done
    if [ "${KEEP:-0}" = 1 ]; then
        echo "kept $work"
    else
        rm -rf "$work"
    fi
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

listening() { # host port [udp]
    if [ "${3:-}" = udp ]; then
        ss -lunH "src = $1:$2" 2>/dev/null | grep -q .
    else
        ss -ltnH "src = $1:$2" 2>/dev/null | grep -q .
    fi
}

await_listening() { # host port what pid [udp]
    local deadline=$(( $(now_ms) + 30000 ))
    while [ "$(now_ms)" -lt "$deadline" ]; do
        listening "$1" "$2" "${5:-}" && return 0
        kill -0 "$4" 2>/dev/null || { echo "$3 (pid $4) exited before listening on $1:$2" >&2; return 1; }
        sleep 0.1
    done
    echo "$3 does not listen on $1:$2 after 30 s" >&2
    return 1
}

set_cfg() { # file key value
    if grep -Eq "^[[:space:]]*$2[[:space:]]*=" "$1"; then
        sed -i -E "s|^[[:space:]]*$2[[:space:]]*=.*|$2 = $3|" "$1"
    else
        echo "$2 = $3" >> "$1"
    fi
}

cpu_ticks() { # pid: user+system clock ticks of the process and its direct children
    local total=0 p
    for p in "$1" $(ps -o pid= --ppid "$1" 2>/dev/null); do
        [ -r "/proc/$p/stat" ] || continue
        total=$(( total + $(sed -E 's/^.*\) //' "/proc/$p/stat" | awk '{print $12 + $13}') ))
    done
    echo "$total"
}

proc_rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
threads_of() { awk '/^Threads:/ {print $2}' "/proc/$1/status"; }

result() { # key value: one machine-readable line, collected by itests/bench/run-all
    echo "RESULT $1=$2"
}

# --- federation CA ----------------------------------------------------------------------------------------------
bench_ca() {
    ca="$work/ca"
    mkdir -p "$ca"
    ossl req -x509 -newkey rsa:2048 -nodes -keyout "$ca/ca.key" -out "$ca/ca.pem" -subj "/CN=IME Federation CA" -days 30 \
        -addext basicConstraints=critical,CA:true -addext keyUsage=critical,keyCertSign,cRLSign
}
ossl() { openssl "$@" >>"$ca/openssl.log" 2>&1 || { cat "$ca/openssl.log" >&2; exit 1; }; }
sign() { # csr name dns
    printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=DNS:%s\n' \
        "$3" > "$ca/$2.ext"
    ossl x509 -req -in "$1" -CA "$ca/ca.pem" -CAkey "$ca/ca.key" -CAcreateserial -days 30 -extfile "$ca/$2.ext" \
        -out "$ca/$2.pem"
}
issue() { # name cn
    ossl req -new -newkey rsa:2048 -nodes -keyout "$ca/$1.key" -subj "/CN=$2" -out "$ca/$1.csr"
    sign "$ca/$1.csr" "$1" "$2"
}

# --- the appliance ----------------------------------------------------------------------------------------------
appliance_unpack() { # inside outside
    mkdir -p "$app"
    tar xzf "$tarball" -C "$app" --strip-components=1
    ssh_port=$(free_port)
    set_cfg "$app/etc/org.apache.karaf.shell.cfg" sshPort "$ssh_port"
    set_cfg "$app/etc/org.apache.karaf.shell.cfg" sshHost 127.0.0.1
    rmi_registry_port=$(free_port)
    rmi_server_port=$(free_port)
    set_cfg "$app/etc/org.apache.karaf.management.cfg" rmiRegistryPort "$rmi_registry_port"
    set_cfg "$app/etc/org.apache.karaf.management.cfg" rmiServerPort "$rmi_server_port"
    set_cfg "$app/etc/org.apache.karaf.management.cfg" rmiRegistryHost 127.0.0.1
    set_cfg "$app/etc/org.apache.karaf.management.cfg" rmiServerHost 127.0.0.1
    set_cfg "$app/etc/org.imegate.interfaces.cfg" inside "$1"
    set_cfg "$app/etc/org.imegate.interfaces.cfg" outside "$2"
    user="bench$RANDOM"
    password=$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)
    {
        echo ""
        echo "# temporary benchmark user"
        echo "$user = $password,_g_:admingroup"
        grep -q '^_g_\\:admingroup' "$app/etc/users.properties" \
            || echo '_g_\:admingroup = group,admin,manager,viewer,systembundles,ssh'
    } >> "$app/etc/users.properties"
}

console() { # command -> stdout; status of bin/client
    echo "$1" | "$app/bin/client" -a "$ssh_port" -h 127.0.0.1 -u "$user" -p "$password" -r 1 -b 2>&1
}

admin() { # command: fails the script on a non-zero exit or an ERROR line
    local out rc=0
    out=$(console "$1") || rc=$?
    if [ $rc -ne 0 ] || grep -q 'ERROR' <<<"$out"; then
        echo "appliance command failed ($rc): $1" >&2
        echo "$out" >&2
        exit 1
    fi
}

appliance_boot() {
    local t0 up=0 boot_timeout=${BOOT_TIMEOUT:-120}
    [[ $boot_timeout =~ ^[0-9]+$ ]] && [ "$boot_timeout" -gt 0 ] || { echo "BOOT_TIMEOUT must be a positive integer" >&2; exit 2; }
    rm -f "$app/karaf.pid"
    t0=$(now_ms)
    "$app/bin/start" > "$work/karaf-start.out" 2>&1
    while [ $(( $(now_ms) - t0 )) -lt $(( boot_timeout * 1000 )) ]; do
        if [ -z "$karaf_pid" ] && [ -s "$app/karaf.pid" ]; then
            karaf_pid=$(tr -d '[:space:]' < "$app/karaf.pid")
        fi
        if [ -n "$karaf_pid" ] && ! kill -0 "$karaf_pid" 2>/dev/null; then
            echo "the Karaf JVM $karaf_pid exited during boot" >&2
            tail -20 "$app/data/log/karaf.log" >&2 || true
            exit 1
        fi
        if [ -n "$karaf_pid" ] && console "feature:list -i" | grep -Eq '^[[:space:]]*imegate[[:space:]].*Started'; then
            up=1
            break
        fi
        sleep 0.5
    done
    if [ $up -ne 1 ]; then
        echo "the appliance did not come up within $boot_timeout s" >&2
        tail -20 "$app/data/log/karaf.log" >&2 || true
        exit 1
    fi
    echo "appliance up in $(( ($(now_ms) - t0) / 1000 )) s (pid $karaf_pid), configuring enterprise A"
}

appliance_configure_ent_a() { # inside outside cucm callee epoch
    local karaf_name jmx_url
    admin "crypto:key-generate rsa label ent-a-key modulus 2048"
    admin "crypto:ca-trustpoint ent-a subject-name cn=enterprise-a.example keypair ent-a-key enroll terminal"
    admin "crypto:ca-enroll --file $work/ent-a.csr ent-a"
    sign "$work/ent-a.csr" ent-a enterprise-a.example
    admin "crypto:ca-authenticate --file $ca/ca.pem ent-a"
    admin "crypto:ca-import --file $ca/ent-a.pem ent-a certificate"
    admin "media-termination:media-termination mt address $2 interface outside"
    admin "media-termination:media-termination mt address $1 interface inside"
    admin "tls-proxy:tls-proxy remote-to-local server trust-point ent-a client trust-point ent-a"
    admin "tls-proxy:tls-proxy local-to-remote server trust-point ent-a client trust-point ent-a"
    admin "uc-ime:uc-ime ent-a media-termination mt ucm address $3 trunk-security-mode nonsecure"
    # the ticket epoch and password over JMX (the shell command asks for the password), then enterprise B's ticket
    karaf_name=$(sed -nE 's/^[[:space:]]*karaf\.name[[:space:]]*=[[:space:]]*([^[:space:]]+).*/\1/p' "$app/etc/system.properties" | head -1)
    jmx_url="service:jmx:rmi://127.0.0.1:$rmi_server_port/jndi/rmi://127.0.0.1:$rmi_registry_port/karaf-${karaf_name:-root}"
    IMEGATE_TICKET_PASSWORD=$(tr -dc '!-s' < /dev/urandom | head -c 32 || true)
    IMEGATE_JMX_PASSWORD=$password
    export IMEGATE_TICKET_PASSWORD IMEGATE_JMX_PASSWORD
    "$JAVA_HOME/bin/java" "$here/ImeTicket.java" configure "$jmx_url" "$user" "$5" \
        || { echo "setting the ticket epoch and password over JMX ($jmx_url) failed" >&2; exit 1; }
    ticket=$("$JAVA_HOME/bin/java" "$here/ImeTicket.java" issue "$5" enterprise-a.example enterprise-b.example "$4") \
        || { echo "issuing the ticket failed" >&2; exit 1; }
    unset IMEGATE_TICKET_PASSWORD IMEGATE_JMX_PASSWORD
    admin "uc-ime:inspect-sip inbound tls-proxy remote-to-local uc-ime ent-a"
    admin "uc-ime:inspect-sip outbound uc-ime ent-a tls-proxy local-to-remote"
    # the verifier must hold the epoch before any call is offered: otherwise every call is refused with 403
    if ! IMEGATE_JMX_PASSWORD=$password "$JAVA_HOME/bin/java" "$here/ImeTicket.java" configured "$jmx_url" "$user" "$5" 30; then
        echo "the ticket verifier lost or never applied epoch $5; karaf.log:" >&2
        grep -iE 'ticket' "$app/data/log/karaf.log" | tail -20 >&2 || true
        exit 1
    fi
    await_listening "$2" 5061 "the appliance's outside SIP/TLS listener" "$karaf_pid"
    log_lines_before=$(wc -l < "$app/data/log/karaf.log")
}

# --- stunnel: the remote enterprise's TLS client ----------------------------------------------------------------
stunnel_clients() { # name:accept-host:accept-port:connect-host:connect-port ...
    local s name rest a_host a_port c_host c_port
    {
        echo "foreground = yes"
        echo "pid ="
        echo "debug = 4"
        for s in "$@"; do
            IFS=: read -r name a_host a_port c_host c_port <<<"$s"
            cat <<EOF
[$name]
client = yes
accept = $a_host:$a_port
connect = $c_host:$c_port
cert = $ca/enterprise-b.pem
key = $ca/enterprise-b.key
CAfile = $ca/ca.pem
verifyChain = yes
checkHost = enterprise-a.example
EOF
        done
    } > "$work/stunnel.conf"
    stunnel4 "$work/stunnel.conf" > "$work/stunnel.log" 2>&1 &
    stunnel_pid=$!
    children+=("$stunnel_pid")
    for s in "$@"; do
        IFS=: read -r name a_host a_port rest <<<"$s"
        await_listening "$a_host" "$a_port" stunnel "$stunnel_pid"
    done
}

appliance_log_summary() {
    local log_new log_errors log_warns
    log_new=$(tail -n +"$((log_lines_before + 1))" "$app/data/log/karaf.log")
    log_errors=$(grep -c '| ERROR |' <<<"$log_new" || true)
    log_warns=$(grep -c '| WARN  |' <<<"$log_new" || true)
    echo "appliance karaf.log during the load: ${log_errors:-0} ERROR, ${log_warns:-0} WARN lines"
    if [ "${log_errors:-0}" -gt 0 ] || [ "${log_warns:-0}" -gt 0 ]; then
        grep -E '\| (ERROR|WARN) +\|' <<<"$log_new" | awk -F'|' '{print $2 "|" $4 "|" $NF}' | sed -E 's/[0-9]+/N/g' \
            | sort | uniq -c | sort -rn | head -10 | sed 's/^/    /' || true
    fi
    result appliance.log_errors "${log_errors:-0}"
    result appliance.log_warns "${log_warns:-0}"
}

# --- SIPp: the call agent (UAS) and the remote enterprise's caller (UAC, itests/bench/sipp/uac-call-noaudio.xml) ----
# sipp_uas_start <dir> <address>   SIPp UAS (itests/src/test/resources/sipp/uas-answer.xml) on <address>:5060 TCP,
#                                  answering RTP/AVP as the call agent does; sets uas_pid
# sipp_uas_stop <address>          stops it by its pid and waits until <address>:5060 is free (10 s bound)
# uac_keys <target> <callee>       the UAC's -key arguments into the array uac_args: Request-URI target, called
#                                  number, the IME ticket ($ticket), a random SDES key for the RTP/SAVP offer, TLS
sipp_uas_start() { # dir address
    (cd "$1" && exec sipp -sf "$root/itests/src/test/resources/sipp/uas-answer.xml" -t t1 -i "$2" -p 5060 -mi "$2" \
        -mp 16000 -nostdin -key profile RTP/AVP -key crypto a=sendrecv \
        -trace_err -error_file "$1/uas-errors.log" -trace_screen -screen_file "$1/uas-screen.log" \
        > "$1/uas.out" 2>&1) &
    uas_pid=$!
    children+=("$uas_pid")
    await_listening "$2" 5060 "the call agent (SIPp UAS)" "$uas_pid"
}

sipp_uas_stop() { # address
    local deadline
    kill "$uas_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$uas_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$uas_pid" 2>/dev/null || true
    # the next run's call agent binds the same address
    deadline=$(( $(now_ms) + 10000 ))
    while listening "$1" 5060 && [ "$(now_ms)" -lt "$deadline" ]; do sleep 0.1; done
}

uac_keys() { # target callee
    uac_args=(-key target "$1" -key callee "$2" -key ticket "$ticket" -key tport TLS
              -key sdes "$(head -c 30 /dev/urandom | base64 -w0)")
}
