#!/usr/bin/env bash
# Installs the real OPA CLI (the version the project pins) with `go install`, unless an `opa`
# of that version is already on PATH or in Go's bin directory. Prints the path of the binary.
# No OPA binary ships in Debian or Maven Central, so Go builds it from the module proxy.
set -euo pipefail

version="${OPA_VERSION:-1.22.3}"
gobin="$(go env GOPATH 2>/dev/null)/bin"

reports_version() {
  local candidate="$1"
  [ -x "$candidate" ] && "$candidate" version 2>/dev/null | grep -qx "Version: ${version}"
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

echo "install-opa: building OPA ${version} with go install (a few minutes the first time)" >&2
timeout 1200 go install "github.com/open-policy-agent/opa@v${version}" >&2
if ! reports_version "$gobin/opa"; then
  echo "install-opa: $gobin/opa does not report version ${version}" >&2
  exit 1
fi
echo "$gobin/opa"
