#!/usr/bin/env bash
# Make sure a Docker engine answers: install Debian's docker.io and start dockerd if needed.
set -euo pipefail
if docker info >/dev/null 2>&1; then exit 0; fi
if ! command -v dockerd >/dev/null 2>&1; then
  echo "docker-up: installing docker.io" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
fi
if ! docker info >/dev/null 2>&1; then
  echo "docker-up: starting dockerd (log: /var/log/kdimg-dockerd.log)" >&2
  nohup dockerd >/var/log/kdimg-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && exit 0
    sleep 1
  done
  echo "docker-up: dockerd did not answer within 60 s; see /var/log/kdimg-dockerd.log" >&2
  tail -n 20 /var/log/kdimg-dockerd.log >&2 || true
  exit 1
fi
