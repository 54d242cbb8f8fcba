#!/usr/bin/env bash
# Installs what keel's tests and demo need on a fresh Debian machine with Node and npm: Debian packages for the
# test hosts (sshd, systemd-nspawn, debootstrap, nginx, caddy, gunicorn, PostgreSQL...) and the npm packages
# (which include Node 24 as the npm package node@24). Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  openssh-server openssh-client iproute2 systemd-container debootstrap util-linux procps psmisc
  nginx caddy gunicorn python3-flask postgresql logrotate curl ca-certificates rsync zstd
  age mariadb-client sqlite3 sudo
  supervisor # its own config parser checks the rendered program files (process-manager: supervisor)
  prometheus # for promtool, which checks the rendered alert rules
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} > 0)); then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  # policy-rc.d on these machines keeps services from starting; the tests start what they need themselves.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages, from the lockfile; again only when node_modules is missing or older than the lockfile.
if [ ! -x node_modules/node/bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # `npm ci`: exactly what the lockfile pins (it records every platform's optional packages, so it works on any).
  echo "setup: installing npm packages from package-lock.json (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
node_modules/node/bin/node -e 'if (!process.version.startsWith("v24.")) { console.error("setup: node_modules/node is " + process.version + ", not Node 24"); process.exit(1) }'
