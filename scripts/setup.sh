#!/usr/bin/env bash
# Set up eventcoder in ./.venv. `--dev` also installs the test tools and the system packages the tests use
# (Java 17 for Spark, Debian's chromium for the browser tests) when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
extras=""
if [ "${1:-}" = "--dev" ]; then
  extras="[dev]"
  need=()
  command -v java >/dev/null 2>&1 || need+=(openjdk-17-jre-headless)
  [ -x /usr/bin/chromium ] || need+=(chromium)
  if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    else
      echo "note: ${need[*]} missing; the Spark/browser tests will be skipped" >&2
    fi
  fi
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".${extras}"
