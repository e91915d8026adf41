#!/bin/sh
# Benchmark: the IME server's VCR intake (UploadVCR over VAP, one and four call agents; the intake alone)
# and validations (TLS-SRP handshake, ticket, on loopback; one and two at a time). Prints rates; asserts
# nothing. Usage: itests/bench/ime-server.sh [vcrs] [validations]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
(cd "$root" && mvn -B -q install -DskipTests -pl bundles/ime-server -am)
(cd "$here/ime-server" && mvn -B -q package)
java -jar "$here/ime-server/target/ime-server-benchmarks.jar" "$@"
