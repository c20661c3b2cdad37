#!/usr/bin/env bash
# healthcheck.sh PORT [PATH]: exits 0 when http://127.0.0.1:PORT/PATH answers 200 (default path: the
# readiness group, /actuator/health/readiness). The services' image (Dockerfile) has no curl or wget
# of its own to rely on, so this speaks HTTP/1.0 over bash's /dev/tcp. docker-compose.yml runs it as
# each service's healthcheck; Kubernetes probes the same paths itself (infra/k8s).
set -u
port="${1:?usage: healthcheck.sh PORT [PATH]}"
path="${2:-/actuator/health/readiness}"
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$path" >&3
IFS= read -r -t 5 status <&3 || exit 1
# "HTTP/1.1 200 " (actuator answers 503 for DOWN and OUT_OF_SERVICE)
[[ "$status" =~ ^HTTP/1\.[01]\ 200[\ $'\r'] ]]
