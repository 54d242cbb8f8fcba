#!/usr/bin/env bash
# npm run bench: installs what it needs, then runs scripts/bench.mjs (a benchmark: it reports, it asserts nothing).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# wrk, the load generator of the zero-downtime case; GNU time, the CPU meter of the watch case.
if ! command -v wrk >/dev/null || [ ! -x /usr/bin/time ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get install -y -qq --no-install-recommends wrk time >/dev/null 2>&1 || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends wrk time >/dev/null; }
fi
exec node_modules/node/bin/node scripts/bench.mjs "$@"
