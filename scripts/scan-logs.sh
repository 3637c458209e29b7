#!/usr/bin/env bash
# Fails when any credential the integration tests used (token strings, the admin secret, session
# cookies: it-tests/target/issued-secrets.txt) appears in a server log or the tests' output. Says
# where, never what: the matching line is not printed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="$root/it-tests/target"
secrets="$target/issued-secrets.txt"

if [ ! -s "$secrets" ]; then
  echo "scan-logs: $secrets is missing or empty: did the integration tests run?" >&2
  exit 1
fi

mapfile -t logs < <(find "$target" -type f \( -name '*.log' -o -name '*-output.txt' \
  -o \( -name '*.xml' -path '*failsafe-reports*' \) \) ! -path "$secrets")
if [ "${#logs[@]}" -eq 0 ]; then
  echo "scan-logs: no logs found under $target" >&2
  exit 1
fi

hits="$(grep -F -n -f "$secrets" "${logs[@]}" 2>/dev/null | cut -d: -f1,2 || true)"
count="$(sort -u "$secrets" | wc -l)"
if [ -n "$hits" ]; then
  echo "scan-logs: a credential used by the tests appears in these logs (file:line):" >&2
  printf '%s\n' "$hits" | sed "s|^$root/||" | sort -u | head -n 50 >&2
  exit 1
fi
echo "scan-logs: ${#logs[@]} log files searched for $count credentials: 1 passed, 0 failed"
