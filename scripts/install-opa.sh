#!/usr/bin/env bash
# Installs the real OPA CLI (the version the project pins) with `go install`, unless an `opa`
# of that version, able to evaluate Wasm, is already on PATH or in Go's bin directory. Prints the
# path of the binary. No OPA binary ships in Debian or Maven Central, so Go builds it from the
# module proxy, with build tag opa_wasm (OPA's Wasm engine, wazero: pure Go, no cgo): an OPA
# server then evaluates the policy.wasm of a bundle built for labelgate's embedded engine, so one
# bundle serves both engines (policies/README.md).
set -euo pipefail

version="${OPA_VERSION:-1.22.3}"
gobin="$(go env GOPATH 2>/dev/null)/bin"

reports_version() {
  local candidate="$1"
  [ -x "$candidate" ] || return 1
  local reported
  reported="$("$candidate" version 2>/dev/null)" || return 1
  grep -qx "Version: ${version}" <<<"$reported" && grep -qx "WebAssembly: available" <<<"$reported"
}

for candidate in "$(command -v opa || true)" "$gobin/opa"; do
  if [ -n "$candidate" ] && reports_version "$candidate"; then
    echo "$candidate"
    exit 0
  fi
done

if ! command -v go >/dev/null 2>&1; then
  echo "install-opa: Go is needed to build OPA ${version} (go install); install Go first" >&2
  exit 1
fi

echo "install-opa: building OPA ${version} with Wasm support, with go install (a few minutes the first time)" >&2
timeout 1200 go install -tags opa_wasm "github.com/open-policy-agent/opa@v${version}" >&2
if ! reports_version "$gobin/opa"; then
  echo "install-opa: $gobin/opa does not report version ${version} with WebAssembly available" >&2
  exit 1
fi
echo "$gobin/opa"
