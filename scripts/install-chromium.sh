#!/usr/bin/env bash
# Installs Debian's Chromium and its chromedriver for the browser tests, unless both are already
# at /usr/bin/chromium and /usr/bin/chromedriver. Prints their versions. Needs root (apt-get)
# only when something is missing; the tests never let Selenium Manager download a browser.
set -euo pipefail

browser=/usr/bin/chromium
driver=/usr/bin/chromedriver

if [ ! -x "$browser" ] || [ ! -x "$driver" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-chromium: $browser or $driver is missing; run this script as root to install them" >&2
    exit 1
  fi
  echo "install-chromium: installing Debian's chromium and chromium-driver" >&2
  timeout 300 apt-get update >&2
  DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y --no-install-recommends \
    chromium chromium-driver >&2
fi

for binary in "$browser" "$driver"; do
  if [ ! -x "$binary" ]; then
    echo "install-chromium: $binary is still missing after the install" >&2
    exit 1
  fi
done

"$browser" --version
"$driver" --version
