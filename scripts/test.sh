#!/usr/bin/env bash
# The test command (README, .ci/run): installs what it needs, then type-checks, lints and runs every test:
# the unit project and the hosts project (real sshd, systemd, Gunicorn on test hosts built by the suite itself).
#   bash scripts/test.sh [jest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"   # node = Node 24 from node@24
echo "== typecheck"; tsc --noEmit -p .
echo "== lint"; eslint . && prettier --check --log-level warn .
# Host tests share the test hosts (one systemd host, its Nginx and Caddy): one file at a time.
echo "== unit tests"; bash scripts/jest.sh --selectProjects unit --maxWorkers=2 "$@"
echo "== host tests"; bash scripts/jest.sh --selectProjects hosts --runInBand "$@"
