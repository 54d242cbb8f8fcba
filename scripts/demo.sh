#!/usr/bin/env bash
# The main job end to end on local test hosts, each step run from the committed dist/ bundles exactly as the
# GitHub runner would (`keel act`): build the hosts; check them; render the configs for the sample app from
# examples/keel.yml (with a plan against the systemd host); deploy release r1 (units, Nginx site, TLS) and
# smoke-check it over HTTPS; ship r2 with the root action (render → deploy → proved rolling reload while a load
# probe sends requests through Nginx → smoke), showing /version change, while a Celery worker beside the app
# (Redis broker) finishes a long task started before the deploy in the same process (a warm shutdown) and the
# next task runs on r2; roll back to r1 (the worker with it); back up the app's
# PostgreSQL database and verify it by a restore test. Ends with one table of every step. The hosts are torn
# down at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
bash scripts/setup.sh
export PATH="$ROOT/node_modules/.bin:$PATH"
HOSTCTL=$ROOT/test/hosts/hostctl
HOSTS_DIR="${KEEL_HOSTS_DIR:-/var/tmp/keel-hosts}"
WS=$(mktemp -d /var/tmp/keel-demo.XXXXXX)
trap '"$HOSTCTL" down >/dev/null 2>&1 || true; rm -rf "$WS"' EXIT
mkdir -p "$WS/steps"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
n=0
# keel LABEL ACTION [--with ...]: runs the action as the runner would; its outputs go to $WS/steps for the
# closing table. A failed step stops the demo (set -e), after its log has been shown.
keel() {
  local label=$1 action=$2
  shift 2
  n=$((n + 1))
  printf '%s\n' "$label" >"$WS/steps/$(printf %02d $n).label"
  (cd "$WS" && node "$ROOT/bin/keel.js" act "$ROOT/$action" --outputs-file "$WS/steps/$(printf %02d $n).json" "$@")
}
on_sd() { "$HOSTCTL" exec sd -- bash -c "$1"; }

step "building the local test hosts (3 plain hosts, 1 systemd host)"
"$HOSTCTL" up
hosts_json="$HOSTS_DIR/hosts.json"
all=$(node -e 'console.log(require(process.argv[1]).hosts.map((x) => x.address).join(","))' "$hosts_json")
sd=$(node -e 'console.log(require(process.argv[1]).hosts.find((x) => x.kind === "systemd").address)' "$hosts_json")
ssh=(--with user=deploy --with "ssh-key=@$HOSTS_DIR/client/id_ed25519" --with "known-hosts=@$HOSTS_DIR/known_hosts")

# The app's repository: the sample app and its spec. The server, as its admin would prepare it once: a user
# for the app, the deploy user in the socket's group (the reload is proved through the app's socket), a
# certificate, and the app's PostgreSQL database.
cp -r examples/sample-app "$WS/app"
mkdir -p "$WS/deploy" && cp examples/keel.yml "$WS/deploy/keel.yml"
DB_PASSWORD=$(openssl rand -hex 16)
on_sd "id shop >/dev/null 2>&1 || useradd --system --home-dir /srv/shop --shell /usr/sbin/nologin shop
  usermod -aG www-data deploy
  install -d -o deploy -g deploy /srv/shop && rm -f /etc/nginx/sites-enabled/default && install -d /etc/keel-demo
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 90 -subj /CN=shop.keel.test \
    -addext subjectAltName=DNS:shop.keel.test -keyout /etc/keel-demo/shop.key -out /etc/keel-demo/shop.crt 2>/dev/null
  systemctl start postgresql@15-main redis-server
  install -d -o deploy -g deploy /srv/shop/shared && install -d -o shop -g shop /srv/shop/shared/tasks
  runuser -u postgres -- psql -Xq -v ON_ERROR_STOP=1 <<'SQL'
create role app login createdb password '$DB_PASSWORD';
create database shop owner app;
\\c shop
set role app;
create table customers(id serial primary key, name text);
insert into customers(name) select 'customer ' || g from generate_series(1, 2500) g;
create table orders(id bigserial primary key, customer int references customers, total numeric);
insert into orders(customer, total) select 1 + g % 2500, g * 1.25 from generate_series(1, 20000) g;
SQL"

step "ssh-deploy mode: check, on every host"
keel "check $(tr ',' '\n' <<<"$all" | wc -l) hosts" actions/ssh-deploy --with mode=check --with "hosts=$all" "${ssh[@]}" \
  --with deploy-path=/srv/shop --with require-sudo=true

# The sample app's Celery tasks (examples/sample-app/tasks.py) as a worker beside it: each task records the
# release whose code ran it and the worker process, under shared/tasks.
TASKS=/srv/shop/shared/tasks
overrides="proxy.domains=[shop.keel.test]
proxy.tls={certificates: files, cert: /etc/keel-demo/shop.crt, key: /etc/keel-demo/shop.key}
app.environment={APP_ENV: production, KEEL_TASKS_DIR: $TASKS}
processes={worker: {command: 'python3 -m celery -A tasks worker --concurrency 2 --loglevel INFO --without-mingle --without-gossip', stop-timeout: 60}}"
step "render-config: examples/keel.yml for shop.keel.test, checked by nginx, systemd-analyze, python; plan against $sd"
keel "render (plan against $sd)" actions/render-config --with "set=$overrides" --with "hosts=$sd" "${ssh[@]}"

deploy_args=(--with "hosts=$sd" "${ssh[@]}" --with deploy-path=/srv/shop --with source=app --with rendered-dir=.keel/rendered
  --with "shared=.env" --with venv-system-site-packages=true --with reload-unit=shop.service)

step "ssh-deploy: release r1 (installs the units and the Nginx site, starts the app)"
keel "deploy r1" actions/ssh-deploy "${deploy_args[@]}" --with release-id=r1
step "smoke-check: r1 served over HTTPS by Nginx on $sd (TLS, headers graded, version)"
on_sd 'cat /etc/keel-demo/shop.crt' >"$WS/ca.pem"
smoke=(--with url=https://shop.keel.test --with "address=$sd" --with "ca=@$WS/ca.pem" --with latency-requests=20)
keel "smoke r1" actions/smoke-check "${smoke[@]}" --with expected-version=r1

version() { curl -s --resolve "shop.keel.test:443:$sd" --cacert "$WS/ca.pem" https://shop.keel.test/version; }
# task NAME SECONDS: queued to the worker through Redis, as the app would; record NAME EVENT: what it wrote
# (release, start directory, worker PID, time), waited for up to 60 s.
task() {
  on_sd "cd /srv/shop/current && runuser -u shop -- env HOME=/tmp KEEL_TASKS_DIR=$TASKS /usr/bin/python3 -B -c 'import tasks; tasks.sleep_and_record.delay(\"$1\", $2)'"
}
record() {
  on_sd "for i in \$(seq 240); do test -e $TASKS/task-$1.$2 && exec cat $TASKS/task-$1.$2; sleep 0.25; done; echo 'no record' >&2; exit 1"
}
task long 30
long_started=$(record long started)
before=$(version)
step "the root action: r2 (render → deploy, only what changed is sent → rolling reload under a load probe through Nginx → smoke)"
echo "# r2" >>"$WS/app/app.py"
keel "root action: r2 (render, deploy, reload under load, smoke)" . --with "set=$overrides" --with "hosts=$sd" "${ssh[@]}" \
  --with source=app --with shared=.env --with venv-system-site-packages=true --with release-id=r2 \
  --with "address=$sd" --with "ca=@$WS/ca.pem" \
  --with load-url=https://shop.keel.test/version --with "load-address=$sd" --with load-rate=50 --with load-window=2s
printf '\n/version before: %s\n/version after:  %s\n' "$before" "$(version)"
# The long task, started on r1 before the deploy, finished in the same worker process on r1 (a warm shutdown,
# not a kill); the next task runs on r2. The demo fails unless both hold.
long_done=$(record long done)
task next 0
next_done=$(record next done)
read -r l_rel _ l_pid _ <<<"$long_started"
read -r d_rel _ d_pid _ <<<"$long_done"
read -r n_rel _ n_pid _ <<<"$next_done"
worker="long task: started on $l_rel in PID $l_pid, finished on $d_rel in PID $d_pid (not killed: the deploy waited for it); next task ran on $n_rel"
echo "$worker"
n=$((n + 1))
printf 'Celery worker across the r2 deploy\n' >"$WS/steps/$(printf %02d $n).label"
ok=failure
[ "$l_rel" = r1 ] && [ "$d_rel" = r1 ] && [ "$l_pid" = "$d_pid" ] && [ "$n_rel" = r2 ] && ok=success
node -e 'console.log(JSON.stringify({ conclusion: process.argv[1], outputs: { worker: process.argv[2] } }))' "$ok" "$worker" \
  >"$WS/steps/$(printf %02d $n).json"
[ "$ok" = success ]

step "ssh-deploy mode: rollback (back to r1, HUP reload)"
keel "rollback to r1" actions/ssh-deploy "${deploy_args[@]}" --with mode=rollback
keel "smoke after rollback" actions/smoke-check "${smoke[@]}" --with expected-version=r1

step "backup-db: the app's PostgreSQL database over SSH, streamed (zstd, sha256) to the runner, restore-tested"
keel "backup shop (PostgreSQL)" actions/backup-db --with engine=postgres --with database=postgres://app@127.0.0.1:5432/shop \
  --with "database-password=$DB_PASSWORD" --with "hosts=$sd" "${ssh[@]}" --with verify=restore --with name=shop
keel "freshness check" actions/backup-db --with mode=check --with name=shop --with max-age=1h

step "summary"
node "$ROOT/scripts/demo-summary.mjs" "$WS/steps"
