#!/usr/bin/env bash
# Reproducible builds (docs/versioning.md, "Releasing"): builds one commit twice, each time from a
# fresh copy in a directory of its own (so no output of one build, and no path, can reach the
# other), and compares every jar and WAR byte for byte: the published jars, the CLI's runnable
# jar, the sample WAR and the benchmark peer's WAR. Fails naming every file that differs or that
# only one build made.
#
#   scripts/reproducible-check.sh [COMMIT]        (default: HEAD; uncommitted changes are not built)
#
# Extra Maven options (e.g. -o) may be given in LABELGATE_MVN_OPTS. Both copies are removed at
# the end, whatever happens; the checksums are kept in target/reproducible-check/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
commit="$(git -C "$root" rev-parse --verify "${1:-HEAD}^{commit}")"

work="$root/target/reproducible-check"
rm -rf "$work"
mkdir -p "$work"
cleanup() { rm -rf "$work/a" "$work/b"; }
trap cleanup EXIT

# The modules whose archives are compared, and what --also-make brings (the parent, policies).
modules="bom,policies,policy-filter,cli,sample-war,benchmarks/peer-war"
# shellcheck disable=SC2206
mvn_opts=(-B -q -DskipTests -Dmaven.install.skip=true ${LABELGATE_MVN_OPTS:-})

for side in a b; do
  mkdir "$work/$side"
  git -C "$root" archive --format=tar "$commit" | tar -x -C "$work/$side"
  echo "reproducible-check: build $side of ${commit:0:12} in ${work#"$root"/}/$side"
  if ! (cd "$work/$side" && mvn "${mvn_opts[@]}" package -pl "$modules" -am) >"$work/build-$side.log" 2>&1; then
    tail -n 40 "$work/build-$side.log" >&2
    echo "reproducible-check: build $side failed (log: ${work#"$root"/}/build-$side.log)" >&2
    exit 1
  fi
  # Every archive the build made, by its path in the tree.
  (cd "$work/$side" && find . -type f \( -name '*.jar' -o -name '*.war' \) | sed 's|^\./||' \
    | grep -E '(^|/)target/[^/]+$' | LC_ALL=C sort) >"$work/archives-$side.txt"
  (cd "$work/$side" && xargs -r sha256sum <"$work/archives-$side.txt") >"$work/sha256-$side.txt"
done

failed=0
expected=(
  "policies/target/labelgate-policies-*.jar"
  "policy-filter/target/labelgate-policy-filter-*.jar"
  "cli/target/labelgate-cli-*.jar"
  "cli/target/labelgate-cli.jar"
  "sample-war/target/ai-app.war"
  "benchmarks/peer-war/target/*.war"
)
for pattern in "${expected[@]}"; do
  if ! grep -q -x -- "$(sed 's/[.]/[.]/g; s/\*/.*/g' <<<"$pattern")" "$work/archives-a.txt"; then
    echo "reproducible-check: the build made no $pattern" >&2
    failed=1
  fi
done

while IFS= read -r file; do
  if [[ ! -f "$work/b/$file" ]]; then
    echo "reproducible-check: only the first build made $file" >&2
    failed=1
  elif ! cmp -s "$work/a/$file" "$work/b/$file"; then
    echo "reproducible-check: DIFFERS: $file ($(sha256sum <"$work/a/$file" | cut -c1-16) vs $(sha256sum <"$work/b/$file" | cut -c1-16))" >&2
    failed=1
  fi
done <"$work/archives-a.txt"
while IFS= read -r file; do
  if [[ ! -f "$work/a/$file" ]]; then
    echo "reproducible-check: only the second build made $file" >&2
    failed=1
  fi
done <"$work/archives-b.txt"

if (( failed )); then
  echo "reproducible-check: FAILED: two builds of ${commit:0:12} differ (checksums in ${work#"$root"/}/sha256-{a,b}.txt)" >&2
  exit 1
fi
echo "reproducible-check: two builds of ${commit:0:12} gave $(wc -l <"$work/archives-a.txt") byte-identical archives:"
sed 's/^/reproducible-check:   /' "$work/sha256-a.txt"
