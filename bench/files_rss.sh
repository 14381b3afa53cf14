#!/usr/bin/env bash
# Peak memory of a /files/ download: signin.cgi streams a 1 GiB sparse file (and, for comparison, a 5-byte
# file) to a pipe, as under Apache, started by bench/measure.c (see bench/README.md for why not from a script
# directly) and once more under /usr/bin/time -v. Streaming means the two peaks are about the same.
#   SIGNIN_COOKIE='<Cookie header of a signed-in session>' bench/files_rss.sh [BINARY]   (default cgi-bin/signin.cgi)
# The settings the session was made under (CLIENT_ID, SESSION_SECRET, AUTHORITY/OIDC_AUTHORITY, ...) come from
# SIGNIN_CONFIG or the same-named variables, which are passed through; PROTECTED_DIR is a fresh temp folder.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-cgi-bin/signin.cgi}
[ -x "$binary" ] || { echo "files_rss: no executable $binary (scripts/build makes it)" >&2; exit 2; }
[ -n "${SIGNIN_COOKIE:-}" ] || { echo "files_rss: set SIGNIN_COOKIE to a signed-in session's Cookie header" >&2; exit 2; }
binary=$(realpath "$binary")

measure=.cache/bench/measure
if [ ! -x "$measure" ] || [ bench/measure.c -nt "$measure" ]; then
    mkdir -p .cache/bench
    gcc -O2 -static -Wall -Wextra -o "$measure" bench/measure.c
fi

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/files"
size=$((1 << 30))
truncate -s "$size" "$dir/files/big.bin"
printf 'end' | dd of="$dir/files/big.bin" bs=1 seek=$((size - 3)) conv=notrunc status=none
printf 'hello' > "$dir/files/small.txt"

cgi_env() {   # what Apache sets for GET <SCRIPT_NAME>/files/$1, plus the settings passed through
    local vars=(GATEWAY_INTERFACE=CGI/1.1 SERVER_PROTOCOL=HTTP/1.1 REQUEST_METHOD=GET SCRIPT_NAME=/cgi-bin/signin.cgi
                PATH_INFO="/files/$1" QUERY_STRING= SERVER_NAME=127.0.0.1 SERVER_PORT=8080 HTTP_HOST=127.0.0.1:8080
                REMOTE_ADDR=127.0.0.1 HTTP_COOKIE="$SIGNIN_COOKIE" PROTECTED_DIR="$dir/files" PATH=/usr/bin:/bin)
    local name
    for name in SIGNIN_CONFIG CLIENT_ID CLIENT_SECRET CLIENT_CERTIFICATE AUTHORITY OIDC_AUTHORITY SESSION_SECRET SCOPE ENDPOINT \
                SESSION_SECRET_PREVIOUS CA_BUNDLE CACHE_DIR COOKIE_PATH REDIRECT_PATH HOME; do
        [ -n "${!name:-}" ] && vars+=("$name=${!name}")
    done
    printf '%s\0' "${vars[@]}"
}

# run FILE EXPECTED_BYTES: prints "<peak KiB> <wall s>" after checking the output (status 200, length, last bytes)
run() {
    local file=$1 expected=$2
    mapfile -d '' vars < <(cgi_env "$file")
    env -i "${vars[@]}" "$measure" "$binary" 3>"$dir/report" 2>"$dir/stderr" \
        | python3 -c '
import sys
out, head, total, tail = sys.stdin.buffer, b"", 0, b""
while b"\r\n\r\n" not in head and (chunk := out.read1(4096)):
    head += chunk
head, _, rest = head.partition(b"\r\n\r\n")
total, tail = len(rest), rest[-3:]
while chunk := out.read1(1 << 20):
    total += len(chunk)
    tail = (tail + chunk)[-3:]
lines = head.decode("latin-1").split("\r\n")
length = [l.split(":", 1)[1].strip() for l in lines if l.lower().startswith("content-length:")]
if lines[0].startswith("Status:") or length != [sys.argv[1]] or total != int(sys.argv[1]):
    sys.exit("files_rss: unexpected answer: " + " | ".join(lines) + f" ({total} body bytes)")
print(tail.decode("latin-1"), file=open(sys.argv[2], "w"))
' "$expected" "$dir/tail" || { cat "$dir/stderr" >&2; exit 1; }
    read -r ns kib status _faults < "$dir/report"
    [ "$status" = 0 ] || { echo "files_rss: $binary exited with wait status $status" >&2; cat "$dir/stderr" >&2; exit 1; }
    echo "$kib $(awk "BEGIN { printf \"%.2f\", $ns / 1e9 }")"
}

read -r small_kib small_s < <(run small.txt 5)
read -r big_kib big_s < <(run big.bin "$size")
[ "$(cat "$dir/tail")" = end ] || { echo "files_rss: the last bytes of big.bin did not arrive" >&2; exit 1; }

mapfile -d '' vars < <(cgi_env big.bin)
env -i "${vars[@]}" /usr/bin/time -v -o "$dir/time" "$binary" 2>/dev/null | cat > /dev/null
time_kib=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$dir/time")

printf '%-40s %10s %8s\n' "download" "peak RSS" "wall"
printf '%-40s %7s KiB %7ss\n' "/files/small.txt (5 bytes)" "$small_kib" "$small_s"
printf '%-40s %7s KiB %7ss\n' "/files/big.bin (1 GiB, sparse)" "$big_kib" "$big_s"
printf '%-40s %7s KiB\n' "/files/big.bin under /usr/bin/time -v" "$time_kib"
printf '%-40s %7s KiB\n' "growth for 1 GiB" "$((big_kib - small_kib))"
