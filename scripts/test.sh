#!/usr/bin/env bash
# Runs every labelgate test on a fresh machine: installs what the tests need when it is missing
# (the real OPA CLI, built with `go install`), builds everything with the OPA checks switched on
# (opa check --strict, opa fmt, opa test with coverage, Wasm freshness), runs the unit tests and
# the Payara Micro integration tests, then tries the README's run command as a newcomer would.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

opa="$("$root/scripts/install-opa.sh")"
echo "test: using $("$opa" version | head -n 1) at $opa"

mvn -B verify -Dopa.executable="$opa"

"$root/scripts/readme-smoke-test.sh"
