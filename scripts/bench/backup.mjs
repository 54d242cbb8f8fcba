// Case 5: a PostgreSQL database (about 100 MB, then about 1 GB) dumped over SSH: keel backup-db (pg_dump -Fc
// -Z0 → zstd on the server → sha256 on the runner → a file, then read back with pg_restore --list) against the
// runbook's `ssh host pg_dump -Fc > file`. Throughput (database size / wall time) as a ratio, and keel's peak
// memory, which must not grow with the database.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { act, hosts, ms, onHost, ratio, sh, ssh, sshInputs, time } from './lib.mjs';

const D = '/var/tmp/keel-bench-pg';
const PW = randomBytes(12).toString('hex');

export async function backups() {
  const h =
    hosts().hosts.filter((x) => x.kind === 'plain')[1] ?? hosts().hosts.find((x) => x.kind === 'plain');
  onHost(
    h.name,
    `set -e; rm -rf ${D}; mkdir -p ${D}; chown postgres ${D}
runuser -u postgres -- /usr/lib/postgresql/15/bin/initdb -D ${D}/pg -U postgres --auth-local=trust --auth-host=scram-sha-256 >/dev/null
runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D ${D}/pg -l ${D}/pg/log -o "-p 5434 -k ${D} -c listen_addresses=127.0.0.1 -c shared_buffers=256MB" -w start >/dev/null
psql -h ${D} -p 5434 -U postgres -Xq -c "create role app login password '${PW}'"`,
  );
  const ws = mkdtempSync(join(tmpdir(), 'keel-bench-backup-'));
  const rows = [];
  try {
    for (const [name, rowsCount] of [
      ['shop100m', 700_000],
      ['shop1g', 7_000_000],
    ]) {
      // Orders with text that compresses the way real rows do (repeated words, numbers, md5s).
      onHost(
        h.name,
        `psql -h ${D} -p 5434 -U postgres -Xq -v ON_ERROR_STOP=1 -c "create database ${name} owner app" -c "\\\\c ${name}" -c "set role app" -c "create table orders(id bigint primary key, customer int, total numeric, note text)" -c "insert into orders select g, g % 5000, g * 1.25, md5(g::text) || ' order for customer ' || (g % 5000) || ' ' || repeat('item ', 10 + g % 7) from generate_series(1, ${rowsCount}) g"`,
      );
      const size = Number(
        onHost(
          h.name,
          `psql -h ${D} -p 5434 -U postgres -XAtq -c "select pg_database_size('${name}')"`,
        ).trim(),
      );
      const refFile = join(ws, `${name}.pgdump`);
      const ref = time(() =>
        sh(
          `${ssh()} deploy@${h.address} "PGPASSWORD=${PW} pg_dump -Fc -h 127.0.0.1 -p 5434 -U app ${name}" > ${refFile}`,
        ),
      );
      const refBytes = statSync(refFile).size;
      rmSync(refFile);
      const k = await act(
        'backup-db',
        {
          engine: 'postgres',
          database: `postgres://app@127.0.0.1:5434/${name}`,
          'database-password': PW,
          hosts: h.address,
          ...sshInputs(),
          'backup-dir': join(ws, 'backups'),
          name,
          prune: 'off',
        },
        { cwd: ws },
      );
      if (k.conclusion !== 'success') throw new Error(`bench: backup-db of ${name} failed`);
      rows.push({
        database: name,
        sizeBytes: size,
        keelMs: ms(k.ms),
        keelBytes: Number(k.outputs.size),
        keelMiBps: +(size / 2 ** 20 / (k.ms / 1000)).toFixed(1),
        referenceMs: ms(ref),
        referenceBytes: refBytes,
        referenceMiBps: +(size / 2 ** 20 / (ref / 1000)).toFixed(1),
        throughputRatio: ratio(ref, k.ms),
        keelPeakRssMiB: +(k.rssBytes / 2 ** 20).toFixed(0),
      });
      rmSync(join(ws, 'backups'), { recursive: true, force: true });
      onHost(h.name, `psql -h ${D} -p 5434 -U postgres -Xq -c "drop database ${name}"`);
    }
    return { rows };
  } finally {
    rmSync(ws, { recursive: true, force: true });
    onHost(
      h.name,
      `runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D ${D}/pg -m fast stop >/dev/null 2>&1 || true; rm -rf ${D}`,
    );
  }
}
