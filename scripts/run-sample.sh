#!/usr/bin/env bash
# Builds labelgate and starts the sample "AI App" on http://localhost:8080/ai-app/ with the
# embedded engine, on Payara Micro bound to 127.0.0.1. Needs Java 17 and Maven only.
# Demo mode writes a read token for the app to .labelgate/ai-app/demo-token (and logs it).
# Stop it with Ctrl-C.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

port="${PORT:-8080}"
data_dir="${LABELGATE_DATA_DIR:-$root/.labelgate}"
payara_version="$(sed -n 's:.*<payara-micro.version>\(.*\)</payara-micro.version>.*:\1:p' pom.xml)"

mvn -B -q -DskipTests install
payara_jar="$root/sample-war/target/payara/payara-micro-${payara_version}.jar"

echo "Starting the AI App on http://localhost:${port}/ai-app/ (demo token: ${data_dir}/ai-app/demo-token)"
exec java -Xmx512m \
  -Dlabelgate.data-dir="$data_dir" \
  -jar "$payara_jar" \
  --deploy "$root/sample-war/target/ai-app.war" \
  --port "$port" \
  --nohazelcast \
  --prebootcommandfile "$root/scripts/payara-preboot.txt"
