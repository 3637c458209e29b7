#!/usr/bin/env bash
# Checks what `mvn -Prelease deploy` put into a file repository (docs/versioning.md, "Releasing"):
# for each published module (labelgate-policy-filter, labelgate-policies, labelgate-cli) the jar,
# the -sources.jar, the -javadoc.jar, the .pom and the CycloneDX SBOM (-cyclonedx.json and
# -cyclonedx.xml); the .pom of labelgate-bom and of labelgate-parent (the published POMs name it as
# their parent); the metadata Maven Central requires; the module names in the manifests; and that
# nothing unpublished (the sample, the benchmarks, the integration tests) was deployed; and that
# README's dependency snippet imports the BOM at the version being released. With
# --signed, every one of those files must also have its .asc signature.
#
#   scripts/release-check.sh [--signed] [REPOSITORY_DIR]     (default: target/release-repo)
#
# Exits 1 naming every missing or wrong file.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

signed=false
if [[ "${1:-}" == "--signed" ]]; then signed=true; shift; fi
repo="${1:-$root/target/release-repo}"
group_dir="$repo/io/labelgate"

# The project's version: the root POM's own <version> (it has no parent).
version="$(python3 - "$root/pom.xml" <<'EOF'
import sys, xml.etree.ElementTree as ET
ns = {"m": "http://maven.apache.org/POM/4.0.0"}
print(ET.parse(sys.argv[1]).getroot().find("m:version", ns).text.strip())
EOF
)"

problems=()
problem() { problems+=("$1"); }

if [[ ! -d "$group_dir" ]]; then
  echo "release-check: $group_dir does not exist: nothing was deployed to $repo" >&2
  exit 1
fi

# The file name prefix of an artifact's deployed files: ARTIFACT-VERSION for a release, and for a
# snapshot ARTIFACT-BASE-TIMESTAMP-BUILD, the latest deploy recorded in maven-metadata.xml.
prefix_of() {
  local artifact="$1" dir="$group_dir/$1/$version"
  if [[ "$version" != *-SNAPSHOT ]]; then
    echo "$artifact-$version"
    return
  fi
  local metadata="$dir/maven-metadata.xml"
  [[ -f "$metadata" ]] || return 1
  python3 - "$metadata" "$artifact" "${version%-SNAPSHOT}" <<'EOF'
import sys, xml.etree.ElementTree as ET
snapshot = ET.parse(sys.argv[1]).getroot().find("versioning/snapshot")
timestamp, build = snapshot.findtext("timestamp"), snapshot.findtext("buildNumber")
if not timestamp or not build:
    sys.exit(1)
print(f"{sys.argv[2]}-{sys.argv[3]}-{timestamp}-{build}")
EOF
}

# require ARTIFACT SUFFIX...: each ARTIFACT's file with SUFFIX (e.g. ".jar", "-sources.jar") exists
# and is not empty, and is signed when --signed.
require() {
  local artifact="$1"; shift
  local dir="$group_dir/$artifact/$version" prefix
  if ! prefix="$(prefix_of "$artifact")"; then
    problem "$artifact: no $dir/maven-metadata.xml naming the deployed snapshot (was it deployed?)"
    return
  fi
  local suffix file
  for suffix in "$@"; do
    file="$dir/$prefix$suffix"
    if [[ ! -s "$file" ]]; then
      problem "$artifact: missing ${file#"$repo"/}"
    elif $signed && [[ ! -s "$file.asc" ]]; then
      problem "$artifact: missing signature ${file#"$repo"/}.asc"
    fi
  done
}

# pom_has ARTIFACT ELEMENT...: the deployed POM declares each element at project level.
pom_has() {
  local artifact="$1"; shift
  local prefix pom
  prefix="$(prefix_of "$artifact")" || return 0   # already reported by require
  pom="$group_dir/$artifact/$version/$prefix.pom"
  [[ -s "$pom" ]] || return 0
  local missing
  missing="$(python3 - "$pom" "$@" <<'EOF'
import sys, xml.etree.ElementTree as ET
ns = {"m": "http://maven.apache.org/POM/4.0.0"}
project = ET.parse(sys.argv[1]).getroot()
for element in sys.argv[2:]:
    found = project.find("m:" + element.replace("/", "/m:"), ns)
    if found is None or (len(found) == 0 and not (found.text or "").strip()):
        print(element)
EOF
)"
  local element
  for element in $missing; do
    problem "$artifact: its POM has no <$element> (Maven Central requires it)"
  done
}

# manifest_names ARTIFACT MODULE: the jar's manifest gives Automatic-Module-Name MODULE.
manifest_names() {
  local artifact="$1" module="$2" prefix jar
  prefix="$(prefix_of "$artifact")" || return 0
  jar="$group_dir/$artifact/$version/$prefix.jar"
  [[ -s "$jar" ]] || return 0
  local manifest
  manifest="$(unzip -p "$jar" META-INF/MANIFEST.MF 2>/dev/null | tr -d '\r')" || true
  if ! grep -qx "Automatic-Module-Name: $module" <<<"$manifest"; then
    problem "$artifact: ${jar#"$repo"/} has no Automatic-Module-Name: $module in its manifest"
  fi
}

# javadoc_has_index ARTIFACT: the javadoc jar is real javadoc, not an empty archive.
javadoc_has_index() {
  local artifact="$1" prefix jar
  prefix="$(prefix_of "$artifact")" || return 0
  jar="$group_dir/$artifact/$version/$prefix-javadoc.jar"
  [[ -s "$jar" ]] || return 0
  local listing
  listing="$(unzip -l "$jar" 2>/dev/null)" || true
  if ! grep -q ' index\.html$' <<<"$listing"; then
    problem "$artifact: ${jar#"$repo"/} holds no index.html"
  fi
}

published_jars=(labelgate-policy-filter labelgate-policies labelgate-cli)
for artifact in "${published_jars[@]}"; do
  require "$artifact" .jar -sources.jar -javadoc.jar .pom -cyclonedx.json -cyclonedx.xml
  pom_has "$artifact" name description
done
require labelgate-bom .pom
require labelgate-parent .pom
for artifact in labelgate-bom labelgate-parent; do
  pom_has "$artifact" name description url licenses/license/name developers/developer/name \
    scm/url scm/connection
done

manifest_names labelgate-policy-filter io.labelgate.policyfilter
manifest_names labelgate-cli io.labelgate.cli
manifest_names labelgate-policies io.labelgate.policies
javadoc_has_index labelgate-policy-filter
javadoc_has_index labelgate-cli

# The BOM pins the published artifacts at the project's own version.
if bom_prefix="$(prefix_of labelgate-bom)" && [[ -s "$group_dir/labelgate-bom/$version/$bom_prefix.pom" ]]; then
  bom_problems="$(python3 - "$group_dir/labelgate-bom/$version/$bom_prefix.pom" "$version" "${published_jars[@]}" <<'EOF'
import sys, xml.etree.ElementTree as ET
ns = {"m": "http://maven.apache.org/POM/4.0.0"}
project = ET.parse(sys.argv[1]).getroot()
version = sys.argv[2]
if project.findtext("m:version", namespaces=ns) != version:
    print(f"labelgate-bom: its version is not the project's {version}")
managed = {d.findtext("m:artifactId", namespaces=ns): d.findtext("m:version", namespaces=ns)
           for d in project.findall("m:dependencyManagement/m:dependencies/m:dependency", ns)}
for artifact in sys.argv[3:]:
    if artifact not in managed:
        print(f"labelgate-bom: does not manage {artifact}")
    elif managed[artifact] not in ("${project.version}", version):
        print(f"labelgate-bom: manages {artifact} at {managed[artifact]}, not {version}")
EOF
)"
  while IFS= read -r line; do [[ -n "$line" ]] && problem "$line"; done <<<"$bom_problems"
fi

# README's dependency snippet imports the BOM at the version being released.
release_version="${version%-SNAPSHOT}"
readme_version="$(python3 - "$root/README.md" <<'EOF2'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r"<artifactId>labelgate-bom</artifactId>\s*<version>([^<]+)</version>", text)
print(m.group(1) if m else "")
EOF2
)"
if [[ "$readme_version" != "$release_version" ]]; then
  problem "README.md: the dependency snippet imports labelgate-bom ${readme_version:-at no version}, not $release_version"
fi

# Nothing unpublished is deployed.
for artifact in labelgate-sample-war labelgate-benchmarks labelgate-benchmark-peer labelgate-it-tests; do
  if [[ -e "$group_dir/$artifact" ]]; then
    problem "$artifact: deployed, but it is not a published module (maven.deploy.skip)"
  fi
done

if (( ${#problems[@]} > 0 )); then
  printf 'release-check: %s\n' "${problems[@]}" >&2
  echo "release-check: FAILED, ${#problems[@]} problem(s) in $repo" >&2
  exit 1
fi
count="$(find "$group_dir" -type f \( -name '*.jar' -o -name '*.pom' -o -name '*.json' -o -name '*.xml' -o -name '*.asc' \) \
  ! -name 'maven-metadata*' | wc -l)"
echo "release-check: $repo holds every expected file of version $version ($count artifact files;" \
  "signatures $($signed && echo checked || echo 'not required'))"
