#!/usr/bin/env bash
# The test command (README, .ci/run): installs what it needs, then type-checks, lints and runs every test:
# the unit project and the hosts project (real sshd, systemd, Gunicorn on test hosts built by the suite itself),
# then the demo (the README's main command). With jest arguments (one file, -t NAME) the demo is left out.
#   bash scripts/test.sh [jest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"   # node = Node 24 from node@24
echo "== typecheck"; tsc --noEmit -p .
echo "== lint"; eslint . && prettier --check --log-level warn .
# Host tests share the test hosts (one systemd host, its Nginx and Caddy): one file at a time.
echo "== unit and tools tests"; bash scripts/jest.sh --selectProjects unit tools --maxWorkers=2 "$@"
echo "== host tests"; bash scripts/jest.sh --selectProjects hosts --runInBand "$@"
# The README's main command, end to end (it builds its own hosts once the host tests have torn theirs down);
# its log is kept, and shown only when a step fails.
if [ $# -eq 0 ]; then
  echo "== demo (npm run demo)"
  demo_log=$(mktemp /var/tmp/keel-demo-log.XXXXXX)
  if bash scripts/demo.sh >"$demo_log" 2>&1; then
    sed -n '/== summary/,$p' "$demo_log" | sed 's/\x1b\[[0-9;]*m//g'
    rm -f "$demo_log"
  else
    tail -n 150 "$demo_log"
    echo "demo: failed (the whole log: $demo_log)"
    exit 1
  fi
fi
