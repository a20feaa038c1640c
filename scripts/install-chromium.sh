#!/usr/bin/env bash
# Installs Debian's headless-capable Chromium for the browser tests of `reports export html`.
# Never downloads a browser build of its own: only the distribution's `chromium` package.
# - Does nothing when a browser is already there (/usr/bin/chromium or $CHROMIUM_PATH).
# - Installs with apt-get when run as root on a Debian-like system.
# - Otherwise says how to install it and exits 0 (the browser tests then skip, except under CI=true,
#   where they fail: CI must not go green without them).
set -euo pipefail

browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$browser" ]; then
  echo "chromium: found $browser"
  exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "chromium: installing Debian's chromium package (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  # As root, apt's downloads run as root too: where /tmp is not writable by every user (the _apt user apt
  # otherwise switches to), apt-key fails to make its temporary files and every list is refused as unsigned.
  apt-get -o APT::Sandbox::User=root update -qq
  apt-get -o APT::Sandbox::User=root install -y -qq --no-install-recommends chromium >/dev/null
  if [ -x /usr/bin/chromium ]; then
    echo "chromium: installed $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
    exit 0
  fi
  echo "chromium: apt-get finished but /usr/bin/chromium is missing" >&2
  exit 1
fi

echo "chromium: not installed and cannot install it here (needs root and apt-get)." >&2
echo "chromium: run 'sudo apt-get install chromium' (or set CHROMIUM_PATH) to run the browser tests." >&2
exit 0
