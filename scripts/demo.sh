#!/usr/bin/env bash
# The main job end to end on local test hosts, each step run from the committed dist/ bundles exactly as the
# GitHub runner would (`keel act`): build the hosts; check them; render the configs for the sample app from
# examples/keel.yml (with a plan against the systemd host); deploy release r1 (units, Nginx site, TLS) and see
# it served over HTTPS; deploy r2; roll back to r1. The hosts are torn down at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
bash scripts/setup.sh
export PATH="$ROOT/node_modules/.bin:$PATH"
HOSTCTL=$ROOT/test/hosts/hostctl
HOSTS_DIR="${KEEL_HOSTS_DIR:-/var/tmp/keel-hosts}"
WS=$(mktemp -d /var/tmp/keel-demo.XXXXXX)
trap '"$HOSTCTL" down >/dev/null 2>&1 || true; rm -rf "$WS"' EXIT

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
keel() {
  local action=$1
  shift
  (cd "$WS" && node "$ROOT/bin/keel.js" act "$ROOT/$action" "$@")
}
on_sd() { "$HOSTCTL" exec sd -- bash -c "$1"; }

step "building the local test hosts (3 plain hosts, 1 systemd host)"
"$HOSTCTL" up
hosts_json="$HOSTS_DIR/hosts.json"
all=$(node -e 'console.log(require(process.argv[1]).hosts.map((x) => x.address).join(","))' "$hosts_json")
sd=$(node -e 'console.log(require(process.argv[1]).hosts.find((x) => x.kind === "systemd").address)' "$hosts_json")
ssh=(--with user=deploy --with "ssh-key=@$HOSTS_DIR/client/id_ed25519" --with "known-hosts=@$HOSTS_DIR/known_hosts")

# The app's repository: the sample app and its spec; the server: a user for the app, a certificate.
cp -r examples/sample-app "$WS/app"
mkdir -p "$WS/deploy" && cp examples/keel.yml "$WS/deploy/keel.yml"
on_sd 'id shop >/dev/null 2>&1 || useradd --system --home-dir /srv/shop --shell /usr/sbin/nologin shop
  install -d -o deploy -g deploy /srv/shop && rm -f /etc/nginx/sites-enabled/default && install -d /etc/keel-demo
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 90 -subj /CN=shop.keel.test \
    -addext subjectAltName=DNS:shop.keel.test -keyout /etc/keel-demo/shop.key -out /etc/keel-demo/shop.crt 2>/dev/null'

step "ssh-deploy mode: check, on every host"
keel actions/ssh-deploy --with mode=check --with "hosts=$all" "${ssh[@]}" --with deploy-path=/srv/shop --with require-sudo=true

step "render-config: examples/keel.yml for shop.keel.test, checked by nginx, systemd-analyze, python; plan against $sd"
keel actions/render-config --with "set=proxy.domains=[shop.keel.test]
proxy.tls={certificates: files, cert: /etc/keel-demo/shop.crt, key: /etc/keel-demo/shop.key}" --with "hosts=$sd" "${ssh[@]}"

deploy_args=(--with "hosts=$sd" "${ssh[@]}" --with deploy-path=/srv/shop --with source=app --with rendered-dir=.keel/rendered
  --with "shared=.env" --with venv-system-site-packages=true --with reload-unit=shop.service)

step "ssh-deploy: release r1 (installs the units and the Nginx site, starts the app)"
keel actions/ssh-deploy "${deploy_args[@]}" --with release-id=r1
step "smoke-check: r1 served over HTTPS by Nginx on $sd (TLS, headers graded, version)"
on_sd 'cat /etc/keel-demo/shop.crt' >"$WS/ca.pem"
smoke=(--with url=https://shop.keel.test --with "address=$sd" --with "ca=@$WS/ca.pem" --with latency-requests=20)
keel actions/smoke-check "${smoke[@]}" --with expected-version=r1

step "ssh-deploy: release r2 (only what changed is sent; HUP reload)"
echo "# r2" >>"$WS/app/app.py"
keel actions/ssh-deploy "${deploy_args[@]}" --with release-id=r2
keel actions/smoke-check "${smoke[@]}" --with expected-version=r2

step "ssh-deploy mode: rollback"
keel actions/ssh-deploy "${deploy_args[@]}" --with mode=rollback
keel actions/smoke-check "${smoke[@]}" --with expected-version=r1

step "done: checked 4 hosts, rendered and installed the configs, deployed r1 and r2 (each smoke-checked over TLS), rolled back to r1"
