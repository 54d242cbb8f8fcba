#!/usr/bin/env bash
# Runs once inside a freshly debootstrapped root (chroot) to make it a test host image:
# a `deploy` user with key-only SSH and limited sudo, no services that make no sense in a container.
set -euo pipefail

# The deploy user: unlocked for key logins (a locked account is refused even with a key when UsePAM=no).
useradd --create-home --shell /bin/bash deploy
usermod -p '*' deploy
install -d -o deploy -g deploy -m 0700 /home/deploy/.ssh
install -d -o deploy -g deploy -m 0755 /srv/keel
chmod 0755 /srv

# Limited sudo: what keel's actions do as root, not a blanket ALL.
cat > /etc/sudoers.d/keel-deploy <<'SUDO'
Cmnd_Alias KEEL_SYSTEMD = /usr/bin/systemctl, /usr/bin/journalctl, /usr/bin/systemd-analyze
Cmnd_Alias KEEL_PROXY = /usr/sbin/nginx, /usr/bin/caddy
Cmnd_Alias KEEL_FILES = /usr/bin/install, /usr/bin/mkdir, /usr/bin/chown, /usr/bin/chmod, /usr/bin/ln, /usr/bin/mv, /usr/bin/rm, /usr/bin/tee, /usr/bin/cp, /usr/bin/cat, /usr/bin/test, /usr/bin/useradd, /usr/sbin/useradd
Cmnd_Alias KEEL_DB = /usr/sbin/runuser -u postgres -- *, /usr/bin/pg_dump, /usr/bin/pg_restore, /usr/bin/psql
Cmnd_Alias KEEL_MISC = /usr/sbin/logrotate, /usr/bin/true, /usr/bin/id, /usr/bin/bash --norc --noprofile -euo pipefail -c *
Defaults:deploy !requiretty
deploy ALL=(root) NOPASSWD: KEEL_SYSTEMD, KEEL_PROXY, KEEL_FILES, KEEL_DB, KEEL_MISC
SUDO
chmod 0440 /etc/sudoers.d/keel-deploy
visudo -cf /etc/sudoers.d/keel-deploy

# sshd: keys only, its host keys come from the run (bind-mounted), never baked into the image.
rm -f /etc/ssh/ssh_host_*
cat > /etc/ssh/sshd_config.d/keel.conf <<'SSHD'
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
UsePAM no
HostKey /etc/ssh/keel/ssh_host_ed25519_key
HostKey /etc/ssh/keel/ssh_host_rsa_key
HostKey /etc/ssh/keel/ssh_host_ecdsa_key
AuthorizedKeysFile /etc/ssh/keel/authorized_keys/%u .ssh/authorized_keys
SSHD
install -d -m 0755 /etc/ssh/keel
systemctl enable ssh.service

# The seed service of the systemd host: Debian's gunicorn running the sample app, which the run bind-mounts
# read-only at /opt/keel-sample (the condition keeps it quiet where it is not mounted).
cat > /etc/systemd/system/keel-sample.service <<'UNIT'
[Unit]
Description=keel sample app (seed)
ConditionPathExists=/opt/keel-sample/app.py
[Service]
User=deploy
WorkingDirectory=/opt/keel-sample
Environment=KEEL_RELEASE=seed
ExecStart=/usr/bin/gunicorn --bind 127.0.0.1:8000 --workers 2 app:app
ExecReload=/bin/kill -s HUP $MAINPID
[Install]
WantedBy=multi-user.target
UNIT
systemctl enable keel-sample.service

# Units that make no sense in a container (consoles, networking we set up from outside, timers).
systemctl mask getty@tty1.service console-getty.service systemd-networkd.service systemd-networkd-wait-online.service \
  systemd-resolved.service apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer man-db.timer \
  systemd-timesyncd.service 2>/dev/null || true
# Services the packages enabled: tests start what they need.
systemctl disable nginx.service caddy.service postgresql.service 2>/dev/null || true
# The host name comes from the run (nspawn --hostname); make every test host's name resolve (sudo asks).
rm -f /etc/hostname
{
  echo "127.0.0.1 localhost"
  echo "::1 localhost ip6-localhost ip6-loopback"
  echo "127.0.1.1 sd $(seq -f 'plain%g' 1 50 | paste -sd' ')"
} > /etc/hosts
# No leftover package caches in the image.
apt-get clean
rm -rf /var/lib/apt/lists/*
