#!/usr/bin/env bash
# The main job end to end on local test hosts: build the hosts, run the committed ssh-deploy bundle in check
# mode exactly as the GitHub runner would, against every host, print its summary, tear the hosts down.
# (Grows into the full pipeline demo as the engines land: render, deploy, reload under load, smoke, backup.)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
HOSTCTL=test/hosts/hostctl
HOSTS_DIR="${KEEL_HOSTS_DIR:-/var/tmp/keel-hosts}"

trap '"$HOSTCTL" down >/dev/null 2>&1 || true' EXIT
echo "== building the local test hosts"
"$HOSTCTL" up

hosts_json="$HOSTS_DIR/hosts.json"
hosts=$(node -e 'const h = require(process.argv[1]); console.log(h.hosts.map((x) => x.address).join(","))' "$hosts_json")
key=$(node -e 'console.log(require(process.argv[1]).clientKey)' "$hosts_json")
known=$(node -e 'console.log(require(process.argv[1]).knownHosts)' "$hosts_json")

echo
echo "== keel ssh-deploy (mode: check) on $hosts, as the GitHub runner runs it"
node bin/keel.js act actions/ssh-deploy \
  --with mode=check \
  --with "hosts=$hosts" \
  --with user=deploy \
  --with "ssh-key=@$key" \
  --with "known-hosts=@$known" \
  --with deploy-path=/srv/keel/sample \
  --with require-sudo=true
