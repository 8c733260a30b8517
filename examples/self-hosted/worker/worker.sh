#!/bin/sh
# One job every JOB_INTERVAL seconds: ask web which release it serves (a stand-in for real work such as sending
# queued mail), then touch the heartbeat the healthcheck reads. Stops cleanly on SIGTERM (docker stop).
trap 'echo "worker $RELEASE: stopping"; exit 0' TERM INT
n=0
while true; do
  n=$((n + 1))
  web=$(wget -q -O - "http://127.0.0.1:${WEB_PORT:-8080}/version" 2>/dev/null || echo unreachable)
  echo "worker $RELEASE: job $n done (web serves $web)"
  date +%s > /tmp/heartbeat
  sleep "${JOB_INTERVAL:-5}" &
  wait $!
done
