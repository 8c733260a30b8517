#!/usr/bin/env bash
# http-get.sh URL: print the body of GET URL; exit 1 unless the answer is 2xx.
# Plain bash (/dev/tcp), so checks work on machines without curl. Loopback http:// URLs only.
set -euo pipefail

url="${1:-}"
[[ "$url" =~ ^http://(127\.0\.0\.1|localhost):([0-9]+)(/.*)?$ ]] \
  || { echo "http-get: usage: http-get.sh http://127.0.0.1:PORT/PATH (loopback http only), got '$url'" >&2; exit 2; }
port="${BASH_REMATCH[2]}"
path="${BASH_REMATCH[3]:-/}"

if ! { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
  echo "http-get: nothing is listening on 127.0.0.1:$port" >&2
  exit 1
fi
printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$path" "$port" >&3
# Bounded read: a server that never closes the connection must not hang the caller.
response="$(timeout 10 cat <&3 || true)"
exec 3<&-

status_line="${response%%$'\r'*}"
status="$(echo "$status_line" | cut -d' ' -f2)"
body="${response#*$'\r\n\r\n'}"
if [[ ! "$status" =~ ^2[0-9][0-9]$ ]]; then
  echo "http-get: GET $url answered '${status_line:-nothing}'" >&2
  exit 1
fi
printf '%s\n' "$body"
