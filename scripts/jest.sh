#!/usr/bin/env bash
# Runs jest under Node 24 (the npm package node@24), the runtime GitHub uses for node24 actions.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_OPTIONS="--experimental-vm-modules --no-warnings=ExperimentalWarning ${NODE_OPTIONS:-}"
exec node_modules/node/bin/node node_modules/jest/bin/jest.js "$@"
