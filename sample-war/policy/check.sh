#!/usr/bin/env bash
# Checks that the sample's committed policy bundle, src/main/webapp/WEB-INF/labelgate/policy.tar.gz,
# was built by policies/bundle.sh from labelgate's policy and the rules in this directory.
#
#   sample-war/policy/check.sh            test, rebuild and compare byte for byte with the committed bundle
#   sample-war/policy/check.sh --refresh  test, rebuild and rewrite the committed bundle
#
# The opa executable comes from $OPA, else PATH, as for policies/check.sh. Rebuild after changing
# a rule here or policies/rego/authz.rego (the bundle carries both).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bundle_sh="$here/../../policies/bundle.sh"
committed="$(cd "$here/.." && pwd)/src/main/webapp/WEB-INF/labelgate/policy.tar.gz"

case "$#:${1:-}" in
  0:)
    status=0
    "$bundle_sh" --check "$committed" "$here" || status=$?
    if [ "$status" -eq 1 ]; then
      echo "check: refresh the sample's bundle with: sample-war/policy/check.sh --refresh (then commit it)" >&2
    fi
    exit "$status"
    ;;
  1:--refresh)
    mkdir -p "$(dirname "$committed")"
    exec "$bundle_sh" --output "$committed" "$here"
    ;;
  *)
    echo "usage: $0 [--refresh]" >&2
    exit 2
    ;;
esac
