/**
 * A HUP on the systemd host with an app whose import takes 3 s (issue #16, case 4 of the benchmark): keel's
 * Gunicorn hooks keep the old workers serving until their replacements have imported the app, so no request
 * waits for the import. Proved for keel's reload-graceful (strategy systemd), for a plain `systemctl reload` by
 * hand, and for a second HUP while the first one still holds the old workers; each ends with exactly the
 * configured 2 workers, all on the new release. A client asks every 50 ms, one request at a time, from outside
 * the host.
 */
import { execFile } from 'node:child_process';
import { request } from 'node:http';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { GUNICORN_HOOKS, HOOKS_SIGNATURE } from '../../src/reload/hooks.js';
import { poll } from '../../src/poll.js';
import { clientKey, host, hostctl, hostExec, knownHosts, putFile, type TestHost } from '../support/hosts.js';
import { actionDir } from '../support/paths.js';
import { runStep } from '../support/step.js';

const PATH = '/srv/reload-hold';
const PORT = 8104;
const UNIT = 'keel-hold.service';
const IMPORT_SECONDS = 3;

const sh = (h: TestHost, cmd: string) => hostExec(h.name, cmd).trim();
/** The same without blocking the event loop, so the client keeps asking meanwhile. */
const shAsync = async (h: TestHost, cmd: string) =>
  (
    await promisify(execFile)(hostctl, ['exec', h.name, '--', 'bash', '-c', cmd], { encoding: 'utf8' })
  ).stdout.trim();

interface Answer {
  at: number;
  ms: number;
  release: string;
  ok: boolean;
}

describe('a HUP keeps the old workers serving until the new ones have imported the app (the systemd host)', () => {
  let sd: TestHost;

  /** Stages release `id` (importing for IMPORT_SECONDS inside a Gunicorn worker) and switches current to it. */
  function release(id: string): void {
    const dir = `${PATH}/releases/${id}`;
    sh(
      sd,
      `runuser -u deploy -- bash -c 'set -e; mkdir -p ${dir}/.keel; cp /opt/keel-sample/app.py ${dir}/; echo ${id} > ${dir}/RELEASE'`,
    );
    putFile(
      sd.name,
      `${dir}/extra.py`,
      `import sys, time\nif "gunicorn" in sys.argv[0]:\n    time.sleep(${IMPORT_SECONDS})\n`,
      { owner: 'deploy' },
    );
    sh(sd, `cat ${dir}/extra.py >> ${dir}/app.py`);
    sh(
      sd,
      `runuser -u deploy -- bash -c 'ln -sfn releases/${id} ${PATH}/.cur && mv -T ${PATH}/.cur ${PATH}/current'`,
    );
  }

  const master = `$(systemctl show -p MainPID --value ${UNIT})`;
  const workers = () => sh(sd, `pgrep -P ${master} || true`).split('\n').filter(Boolean);
  /** The release each worker recorded it loaded ('-' for one still importing), and any hold file left. */
  const loaded = async () =>
    (
      await shAsync(
        sd,
        `for p in $(pgrep -P ${master}); do f=/dev/shm/${HOOKS_SIGNATURE}.$(id -u deploy)/$p; if [ -f $f ]; then sed 's/.*"release": "[^"]*\\/\\([^"\\/]*\\)".*/\\1/' $f; else echo -; fi; echo; done; ls /dev/shm/${HOOKS_SIGNATURE}.$(id -u deploy)/ | grep '^hold' || true`,
      )
    )
      .split('\n')
      .filter(Boolean);
  /** Exactly 2 workers, both recorded on `id`, and no hold left: bounded at 30 s. */
  const settled = async (id: string) =>
    (
      await poll(
        async () => {
          const l = await loaded();
          return l.length === 2 && l.every((r) => r === id);
        },
        (ok) => ok,
        { deadline: Date.now() + 30_000, delayMs: 200 },
      )
    ).done;
  /** When the master last handled a HUP (its journal, in ms since the epoch; the host shares this clock). */
  const lastHup = () =>
    1000 *
    Number(
      sh(
        sd,
        `journalctl -u ${UNIT} -o short-unix --no-pager | grep 'Handling signal: hup' | tail -n1 | cut -d' ' -f1`,
      ),
    );

  function get(): Promise<Answer> {
    const at = Date.now();
    return new Promise((resolve) => {
      const req = request({ host: sd.address, port: PORT, path: '/version', timeout: 15_000 }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => {
          let release = '';
          try {
            release = (JSON.parse(body) as { release: string }).release;
          } catch {
            /* not JSON: counted as failed below */
          }
          resolve({ at, ms: Date.now() - at, release, ok: res.statusCode === 200 && release !== '' });
        });
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve({ at, ms: Date.now() - at, release: '', ok: false }));
      req.end();
    });
  }

  async function underClient(body: () => Promise<void>): Promise<Answer[]> {
    const answers: Answer[] = [];
    let stop = false;
    const loop = (async () => {
      while (!stop) {
        answers.push(await get());
        await sleep(50);
      }
    })();
    try {
      await body();
    } finally {
      stop = true;
      await loop;
    }
    return answers;
  }

  /** What every case asserts: no failure, no request waited for the import, old release then new. */
  function expectServedThrough(
    answers: Answer[],
    from: string,
    to: string,
    hupAt: number,
    settledAt: number,
  ) {
    expect(answers.filter((a) => !a.ok)).toEqual([]);
    // Each request answered well under the import time (3 s): none waited in the backlog for it.
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(1500);
    // The client asked all through the import: about one request every 55 ms.
    expect(answers.filter((a) => a.at > hupAt && a.at < hupAt + 3000).length).toBeGreaterThan(20);
    expect(answers[0]!.release).toBe(from);
    // The old release answered while the new workers imported, and only the new one after they were up.
    expect(answers.filter((a) => a.release === from && a.at > hupAt + 2000).length).toBeGreaterThan(0);
    expect(answers.filter((a) => a.at > settledAt).map((a) => a.release)).toEqual(
      answers.filter((a) => a.at > settledAt).map(() => to),
    );
  }

  beforeAll(() => {
    sd = host('sd');
    sh(sd, `rm -rf ${PATH} && install -d -o deploy -g deploy ${PATH} ${PATH}/releases`);
    putFile(sd.name, `${PATH}/hooks.conf.py`, GUNICORN_HOOKS, { owner: 'deploy' });
    putFile(
      sd.name,
      `/etc/systemd/system/${UNIT}`,
      `[Unit]
Description=keel HUP hold test
[Service]
Type=notify
NotifyAccess=main
User=deploy
Group=deploy
WorkingDirectory=${PATH}
ExecStart=/usr/bin/gunicorn --config ${PATH}/hooks.conf.py --chdir ${PATH}/current --bind 0.0.0.0:${PORT} --workers 2 --timeout 30 --graceful-timeout 5 app:app
ExecReload=/bin/kill -s HUP $MAINPID
KillMode=mixed
TimeoutStopSec=10
`,
    );
    release('h1');
    sh(sd, `systemctl daemon-reload && systemctl start ${UNIT}`);
    sh(sd, `for i in $(seq 100); do curl -sf http://127.0.0.1:${PORT}/healthz && break; sleep 0.2; done`);
  });

  afterAll(() => {
    sh(
      sd,
      `systemctl stop ${UNIT}; rm -f /etc/systemd/system/${UNIT}; systemctl daemon-reload; systemctl reset-failed; rm -rf ${PATH}`,
    );
  });

  it("keel's reload-graceful (strategy systemd): no request waits for the import, exactly 2 workers on the new release", async () => {
    expect(await settled('h1')).toBe(true);
    release('h2');
    let settledAt = 0;
    const answers = await underClient(async () => {
      await sleep(300);
      const r = await runStep({
        actionDir: actionDir('reload-graceful'),
        with: {
          hosts: sd.address,
          user: 'deploy',
          'ssh-key': clientKey(),
          'known-hosts': knownHosts(),
          strategy: 'systemd',
          unit: UNIT,
          'deploy-path': PATH,
          upstream: `127.0.0.1:${PORT}`,
          'app-module': 'app:app',
          timeout: '30s',
        },
      });
      expect(r.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([]);
      expect(r.outputs).toMatchObject({ result: 'success', 'serving-release': 'h2' });
      const host0 = (
        JSON.parse(r.outputs.report!) as { hosts: { masterBefore: number; masterAfter: number }[] }
      ).hosts[0]!;
      expect(host0.masterAfter).toBe(host0.masterBefore);
      expect(await settled('h2')).toBe(true);
      settledAt = Date.now();
      await sleep(300);
    });
    expectServedThrough(answers, 'h1', 'h2', lastHup(), settledAt);
    expect(workers()).toHaveLength(2);
  });

  it('a plain `systemctl reload` by hand (no keel) behaves the same', async () => {
    release('h3');
    let settledAt = 0;
    const answers = await underClient(async () => {
      await sleep(300);
      await shAsync(sd, `systemctl reload ${UNIT}`);
      expect(await settled('h3')).toBe(true);
      settledAt = Date.now();
      await sleep(300);
    });
    expectServedThrough(answers, 'h2', 'h3', lastHup(), settledAt);
    expect(
      sh(sd, `journalctl -u ${UNIT} --no-pager -o cat | grep -c 'keel: 2 old worker(s) serve until'`),
    ).not.toBe('0');
  });

  it('a second HUP while the first holds the old workers: no request waits, and it ends with exactly 2 workers on the last release', async () => {
    release('h4');
    let settledAt = 0;
    const answers = await underClient(async () => {
      await sleep(300);
      await shAsync(sd, `systemctl reload ${UNIT}`);
      await sleep(1500);
      release('h5');
      await shAsync(sd, `systemctl reload ${UNIT}`);
      expect(await settled('h5')).toBe(true);
      settledAt = Date.now();
      await sleep(300);
    });
    expect(answers.filter((a) => !a.ok)).toEqual([]);
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(1500);
    expect(answers[0]!.release).toBe('h3');
    expect(answers.filter((a) => a.at > settledAt).every((a) => a.release === 'h5')).toBe(true);
    // And it stays there.
    await sleep(1500);
    expect(workers()).toHaveLength(2);
  });
});
