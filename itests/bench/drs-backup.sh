#!/usr/bin/env bash
# Backup and restore time of the Disaster Recovery System for an IME store of ROUTES learned routes.
#
#   itests/bench/drs-backup.sh [path/to/imegate-karaf-assembly-<version>.tar.gz]
#   ROUTES=1000000 itests/bench/drs-backup.sh          # the default
#
# The distribution is unpacked to a temporary directory, given a temporary admin with a random password and free
# loopback ports for ssh and JMX, and started with bin/start. ROUTES route-sized records (+E.164 number, domain,
# two SIP URIs, a JWS-shaped ticket of random bytes, learned and expiry times: about 600 bytes each, as the IME
# server will keep them) are written into the appliance store (store/bench-routes/routes.dat), which the built-in
# appliance-store component backs up like every module's data. Then, through the DRS MBean
# (itests/bench/DrsBench.java, run by the JDK's source launcher; passwords passed in its environment):
#   local    a backup to a local device, then a restore of that archive (fetch, check of every segment and
#            SHA-256, restore of every component);
#   network  after a restart (a restore asks for one), the same to an SFTP device: a second OpenSSH sshd started
#            here on 127.0.0.58 with its own host key and a temporary account (needs root and openssh-server;
#            skipped otherwise).
# Times are wall clock from the MBean call to the job's end state (polled every 100 ms). Also printed: the store
# file's size, the archive's size, the phase times from the job logs and the load average at the end. Asserts
# nothing on time; exits non-zero if the appliance does not come up or a job fails. Every process is started as a
# child and stopped by its pid; the temporary directory and account are removed (KEEP=1 keeps the directory).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
routes=${ROUTES:-1000000}
boot_timeout=${BOOT_TIMEOUT:-120}
[[ $routes =~ ^[0-9]+$ ]] && [ "$routes" -gt 0 ] || { echo "ROUTES must be a positive integer" >&2; exit 2; }

tarball=${1:-}
if [ -z "$tarball" ]; then
    tarball=$(ls -1 "$root"/karaf-assembly/target/imegate-karaf-assembly-*.tar.gz 2>/dev/null | head -1 || true)
fi
if [ -z "$tarball" ] || [ ! -f "$tarball" ]; then
    echo "no distribution tar.gz: build it first (mvn -B -q install -DskipTests at the repository root) or pass its path" >&2
    exit 2
fi
if [ -z "${JAVA_HOME:-}" ]; then
    JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
fi
export JAVA_HOME

work=$(mktemp -d "${TMPDIR:-/tmp}/imegate-drs-bench.XXXXXX")
chmod 755 "$work"
pid=""
sshd_pid=""
sftp_user=imegate-drs-bench
made_user=no
cleanup() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
    if [ -n "$sshd_pid" ] && kill -0 "$sshd_pid" 2>/dev/null; then kill "$sshd_pid" 2>/dev/null || true; fi
    if [ "$made_user" = yes ]; then userdel "$sftp_user" 2>/dev/null || true; fi
    if [ "${KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
random_secret() {
    head -c 18 /dev/urandom | base64 | tr '+/' '-_' | tr -d '='
}

tar xzf "$tarball" -C "$work"
home=$(ls -d "$work"/imegate-*/ | head -1)
home=${home%/}
ssh_port=$(free_port); registry=$(free_port); server=$(free_port)
sed -i "s/^sshPort *=.*/sshPort = $ssh_port/" "$home/etc/org.apache.karaf.shell.cfg"
cat >> "$home/etc/org.apache.karaf.management.cfg" <<EOF
rmiRegistryPort = $registry
rmiServerPort = $server
rmiRegistryHost = 127.0.0.1
rmiServerHost = 127.0.0.1
EOF
export BENCH_USER=benchadmin BENCH_PASSWORD=$(random_secret) BENCH_DRS_PASSWORD=$(random_secret)
echo "$BENCH_USER = $BENCH_PASSWORD,_g_:admingroup" >> "$home/etc/users.properties"
jmx="service:jmx:rmi://127.0.0.1:$server/jndi/rmi://127.0.0.1:$registry/karaf-root"

start() {
    "$home/bin/start"
    local deadline=$((SECONDS + boot_timeout))
    while [ $SECONDS -lt $deadline ]; do
        if echo "feature:list -i" | "$home/bin/client" -a "$ssh_port" -h 127.0.0.1 -u "$BENCH_USER" -p "$BENCH_PASSWORD" \
            -r 1 -b 2>/dev/null | grep -Eq '^\s*imegate\s.*Started'; then
            pid=$(cat "$home/karaf.pid")
            return 0
        fi
        sleep 1
    done
    echo "the appliance did not come up within $boot_timeout s" >&2
    exit 1
}
stop() {
    "$home/bin/stop" || true
    local deadline=$((SECONDS + 60))
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 1; done
    kill -9 "$pid" 2>/dev/null || true
    pid=""
}
phases() {  # the job log of $1 (tar) and kind (b|r): time of the first and last line, per component
    local log="$home/data/log/drf/log/$1_$2.log"
    [ -f "$log" ] && grep -E "entries, payload|done|writing|complete on|verified" "$log" | cut -c1-170 | sed "s/^/    /"
}

start
"$JAVA_HOME/bin/java" "$here/DrsBench.java" fill "$home/store/bench-routes/routes.dat" "$routes"
store_bytes=$(stat -c %s "$home/store/bench-routes/routes.dat")

echo "== local device"
out=$("$JAVA_HOME/bin/java" "$here/DrsBench.java" run "$jmx" local)
echo "$out" | grep -v '^TAR '
tar_local=$(echo "$out" | sed -n 's/^TAR //p')
archive="$home/data/drs/backup/bench local/$tar_local.tar.gz"
echo "  archive $(stat -c %s "$archive") bytes for a store file of $store_bytes bytes"
echo "  backup log:"; phases "$tar_local" b
echo "  restore log:"; phases "$tar_local" r

if [ "$(id -u)" -eq 0 ] && [ -x /usr/sbin/sshd ] && [ -e /usr/lib/openssh/sftp-server ]; then
    echo "== network device (OpenSSH sftp on 127.0.0.58)"
    stop
    start
    sftp_dir="$work/sftp"; mkdir -p "$sftp_dir/backups"
    getent passwd "$sftp_user" >/dev/null || { useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$sftp_user"; made_user=yes; }
    export BENCH_SFTP_PASSWORD=$(random_secret)
    echo "$sftp_user:$BENCH_SFTP_PASSWORD" | chpasswd
    chown "$sftp_user:" "$sftp_dir/backups"
    ssh-keygen -q -t ed25519 -N "" -f "$sftp_dir/hostkey"
    sftp_port=$(free_port)
    cat > "$sftp_dir/sshd_config" <<EOF
ListenAddress 127.0.0.58
Port $sftp_port
HostKey $sftp_dir/hostkey
PidFile $sftp_dir/sshd.pid
AuthorizedKeysFile none
PubkeyAuthentication no
PasswordAuthentication yes
KbdInteractiveAuthentication no
UsePAM no
PermitRootLogin no
AllowUsers $sftp_user
Subsystem sftp internal-sftp
ForceCommand internal-sftp
EOF
    mkdir -p /run/sshd
    /usr/sbin/sshd -D -e -f "$sftp_dir/sshd_config" 2> "$sftp_dir/sshd.log" &
    sshd_pid=$!
    for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.58/$sftp_port") 2>/dev/null && break; sleep 0.1; done
    out=$("$JAVA_HOME/bin/java" "$here/DrsBench.java" run "$jmx" network "$sftp_dir/backups" 127.0.0.58 "$sftp_port" "$sftp_user")
    echo "$out" | grep -v '^TAR '
    tar_net=$(echo "$out" | sed -n 's/^TAR //p')
    echo "  archive $(stat -c %s "$sftp_dir/backups/$tar_net.tar.gz") bytes on the server"
    echo "  backup log:"; phases "$tar_net" b
    echo "  restore log:"; phases "$tar_net" r
else
    echo "== network device skipped (needs root and openssh-server, openssh-sftp-server)"
fi
echo "routes: $routes, store file: $store_bytes bytes, appliance RSS: $(awk '/VmRSS/ {print $2 " kB"}' /proc/$pid/status), load: $(cut -d' ' -f1-3 /proc/loadavg)"
stop
