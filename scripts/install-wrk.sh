#!/usr/bin/env bash
# Installs wrk, the native HTTP load generator the benchmark drives the servers with, from
# Debian's packages unless it is already there. Needs root (apt-get) only when it is missing.
set -euo pipefail

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-wrk: wrk is missing; run this script as root to install it" >&2
    exit 1
  fi
  echo "install-wrk: installing Debian's wrk" >&2
  timeout 300 apt-get update >&2
  DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y --no-install-recommends wrk >&2
fi
command -v wrk >/dev/null 2>&1 || { echo "install-wrk: wrk is still missing after the install" >&2; exit 1; }
