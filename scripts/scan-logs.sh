#!/usr/bin/env bash
# Fails when a credential used by this run of the tests appears in a log of this run. Says where,
# never what: a matching line is not printed.
#
# Usage: scripts/scan-logs.sh [PART...]   (parts: it-tests, readme-smoke-test, benchmark, profile;
#                                           default all)
#
# The run is the directory $LABELGATE_RUN_DIR, which scripts/test.sh makes afresh, with a file
# named `started`, before anything runs. For each part the scan reads
#   - the credentials the part used, one per line, from $LABELGATE_RUN_DIR/secrets/PART.txt:
#       it-tests           token strings, the admin secret, session cookies, the cookies Chromium
#                          received and the token strings its pages showed (IssuedSecrets)
#       readme-smoke-test  the demo admin secret and key-encryption key, every token its commands made
#       benchmark          each protected server's admin secret and key-encryption key, the tokens
#                          and session cookies it loaded the servers with
#       profile            scripts/profile.sh's admin secret, key-encryption key and tokens
#   - the part's logs, those written since the run started:
#       it-tests           it-tests/target (server logs, the tests' output, failsafe's reports) and
#                          $LABELGATE_RUN_DIR/it-tests (the OPA server's log)
#       readme-smoke-test  $LABELGATE_RUN_DIR/readme-smoke-test (the sample app's output)
#       benchmark          benchmarks/target/benchmark-run (the servers' and JMH's logs)
#       profile            target/profile-run (the profiled server's log)
# and searches every log of the named parts for every credential of the named parts.
#
# It fails, too, when it could not do that: a part without credentials or without logs of this
# run (it did not run, or did not record what it used; a scan of nothing would pass), or grep
# unable to read a log (exit status 2; 1 only means no match).
#
# The one credential deliberately in a log is not recorded: the demo token the sample prints when
# it starts in demo mode (README: "writes a read token ... (and prints it)").
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

usage() {
  echo "usage: LABELGATE_RUN_DIR=<run directory> scripts/scan-logs.sh [it-tests|readme-smoke-test|benchmark|profile]..." >&2
  exit 2
}

run="${LABELGATE_RUN_DIR:-}"
if [ -z "$run" ] || [ ! -f "$run/started" ]; then
  echo "scan-logs: LABELGATE_RUN_DIR must name the run directory scripts/test.sh made (with its 'started' file)" >&2
  usage
fi
parts=("$@")
if [ "${#parts[@]}" -eq 0 ]; then
  parts=(it-tests readme-smoke-test benchmark profile)
fi

work="$(mktemp -d -t labelgate-scan.XXXXXX)"
trap 'rm -rf "$work"' EXIT
: >"$work/secrets"
: >"$work/logs"

failed=0
for part in "${parts[@]}"; do
  case "$part" in
    it-tests) dirs=("$root/it-tests/target" "$run/it-tests") ;;
    readme-smoke-test) dirs=("$run/readme-smoke-test") ;;
    benchmark) dirs=("$root/benchmarks/target/benchmark-run") ;;
    profile) dirs=("$root/target/profile-run") ;;
    *) usage ;;
  esac

  # at least 16 characters, as IssuedSecrets keeps: a shorter line would match by accident, an
  # empty one everything
  secrets="$run/secrets/$part.txt"
  credentials=0
  if [ -f "$secrets" ]; then
    awk 'length >= 16' "$secrets" >"$work/part-secrets"
    credentials="$(sort -u "$work/part-secrets" | wc -l)"
    cat "$work/part-secrets" >>"$work/secrets"
  fi

  existing=()
  for dir in "${dirs[@]}"; do
    if [ -d "$dir" ]; then
      existing+=("$dir")
    fi
  done
  : >"$work/part-logs"
  if [ "${#existing[@]}" -gt 0 ] && ! find "${existing[@]}" -type f -newer "$run/started" \
      \( -name '*.log' -o -name '*-output.txt' -o \( -name '*.xml' -path '*failsafe-reports*' \) \) \
      -print0 >"$work/part-logs"; then
    echo "scan-logs: $part: could not list the logs under ${existing[*]}" >&2
    exit 1
  fi
  logs="$(tr -cd '\0' <"$work/part-logs" | wc -c)"
  cat "$work/part-logs" >>"$work/logs"

  echo "scan-logs: $part: $credentials credentials, $logs log files of this run"
  if [ "$credentials" -eq 0 ]; then
    echo "scan-logs: $part recorded no credential in $secrets: did it run?" >&2
    failed=1
  fi
  if [ "$logs" -eq 0 ]; then
    echo "scan-logs: $part left no log written since the run started under ${dirs[*]}: did it run?" >&2
    failed=1
  fi
done
if [ "$failed" -ne 0 ]; then
  exit 1
fi

sort -u "$work/secrets" -o "$work/secrets"
mapfile -d '' -t logs <"$work/logs"
status=0
# -H: the file name even when there is one log; cut keeps file:line, never the line itself
hits="$(grep -H -n -a -F -f "$work/secrets" -- "${logs[@]}" | cut -d: -f1,2; exit "${PIPESTATUS[0]}")" || status=$?
case "$status" in
  0)
    echo "scan-logs: a credential used by this run appears in these logs (file:line):" >&2
    printf '%s\n' "$hits" | sed "s|^$root/||" | sort -u | head -n 50 >&2
    exit 1
    ;;
  1)
    echo "scan-logs: ${#logs[@]} log files searched for $(wc -l <"$work/secrets") credentials: none found"
    ;;
  *)
    echo "scan-logs: grep failed (exit $status) reading the logs above: they were not all searched" >&2
    exit 1
    ;;
esac
