#!/usr/bin/env bash
# npm run bench: installs what it needs, then runs scripts/bench.mjs (a benchmark: it reports, it asserts nothing).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node_modules/node/bin/node scripts/bench.mjs "$@"
