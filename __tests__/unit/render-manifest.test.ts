/**
 * rendered-dir/manifest.json, the contract between render-config and ssh-deploy: read with one schema where
 * it is read, so a damaged directory is an input error naming `rendered-dir` and the file (never "keel failed
 * unexpectedly"), and a file edited after rendering is refused before any host is contacted.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/errors.js';
import { parseManifest } from '../../src/releases/files.js';
import { readRenderedDir, writtenManifestSchema } from '../../src/render/manifest.js';
import { renderConfig } from '../../src/render/render-config.js';
import { makeKey } from '../support/keys.js';
import { actionDir, repoRoot } from '../support/paths.js';
import { runStep } from '../support/step.js';

const shop = readFileSync(join(repoRoot, '__fixtures__/specs/shop.yml'), 'utf8');

let workspace: string;
let dir: string;
beforeEach(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'keel-manifest-'));
  dir = join(workspace, 'rendered');
  await renderConfig({ specText: shop, specFile: 'shop.yml', overrides: {}, outDir: dir, validate: false });
});
afterEach(() => rmSync(workspace, { recursive: true, force: true }));

const manifestPath = () => join(dir, 'manifest.json');
const edit = (change: (m: { files: Record<string, unknown>[] } & Record<string, unknown>) => void) => {
  const m = JSON.parse(readFileSync(manifestPath(), 'utf8'));
  change(m);
  writeFileSync(manifestPath(), JSON.stringify(m));
};

function problem(): { field: string; message: string } {
  try {
    readRenderedDir(dir, 'rendered');
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).problems[0]!;
  }
  throw new Error('the directory was accepted');
}

describe('reading rendered-dir', () => {
  it('reads what render-config wrote, with every file checked against its sha256', () => {
    const { manifest, content } = readRenderedDir(dir, 'rendered');
    expect(manifest.service).toBe('shop.service');
    expect(content('systemd/shop.service')).toContain('[Service]');
  });

  it.each([
    ['not JSON', () => writeFileSync(manifestPath(), '{"files": [oops'), /manifest\.json: is not valid JSON/],
    [
      'no files list',
      () => edit((m) => delete (m as Partial<typeof m>).files),
      /manifest\.json: is not a render-config manifest \(files: /,
    ],
    [
      'a name that leaves the directory',
      () => edit((m) => (m.files[0]!.name = '../../etc/passwd')),
      /files\[0\]\.name: must be a path inside the rendered directory/,
    ],
    [
      'a host file with a relative install path',
      () => edit((m) => (m.files[2]!.install = 'etc/x')),
      /files\[2\]\.install: must be an absolute path/,
    ],
    ['a mode that is not octal', () => edit((m) => (m.files[1]!.mode = '777; rm -rf /')), /files\[1\]\.mode/],
    ['an unknown kind', () => edit((m) => (m.files[1]!.kind = 'shell')), /files\[1\]\.kind/],
    ['a list where an object belongs', () => writeFileSync(manifestPath(), '[]'), /\(top\): /],
    ['another format version', () => edit((m) => (m.keel = 2)), /keel: /],
    [
      'a service that is not a unit name',
      () => edit((m) => (m.service = 'shop.service; reboot')),
      /service: must be a \.service unit name/,
    ],
    [
      'a process whose units are not a list',
      () =>
        edit(
          (m) => (m.processes = [{ name: 'worker', units: 'x.service', stopTimeout: 5, singleton: false }]),
        ),
      /processes\[0\]\.units/,
    ],
    [
      'a watch log that is not an absolute path',
      () =>
        edit(
          (m) =>
            (m.watch = { log: 'access.log', routes: [], health: [], thresholds: { ratio: 0.1, p95: 1 } }),
        ),
      /watch\.log/,
    ],
    [
      "a firewall script that is not keel's",
      () =>
        edit(
          (m) =>
            (m.firewall = {
              script: '/bin/sh',
              sshPort: 22,
              revertAfter: 60,
              rules: [{ port: 22, proto: 'tcp', from: [] }],
            }),
        ),
      /firewall\.script: must be keel's firewall script/,
    ],
    [
      'a sha256 that is not hex',
      () => edit((m) => (m.files[0]!.sha256 = 'x'.repeat(64))),
      /files\[0\]\.sha256/,
    ],
    [
      'a file edited after rendering',
      () => writeFileSync(join(dir, 'systemd/shop.service'), 'tampered'),
      /systemd\/shop\.service changed after it was rendered/,
    ],
    [
      'a listed file that is missing',
      () => rmSync(join(dir, 'systemd/shop.service')),
      /lists systemd\/shop\.service, which is missing/,
    ],
  ])('%s: an input error naming rendered-dir and the file', (_what, damage, message) => {
    damage();
    const p = problem();
    expect(p.field).toBe('rendered-dir');
    expect(p.message).toMatch(/^rendered\//);
    expect(p.message).toMatch(message);
  });

  it('what render-config writes is the written contract (every field present) and reads back unchanged', () => {
    const written: unknown = JSON.parse(readFileSync(manifestPath(), 'utf8'));
    const strict = writtenManifestSchema.safeParse(written);
    expect(strict.error?.issues).toBeUndefined();
    expect(readRenderedDir(dir, 'rendered').manifest).toEqual(strict.data);
  });

  it('a manifest from an older keel (without what only describes the render) is still read', () => {
    edit((m) => {
      for (const k of ['keel', 'app', 'proxy', 'versions', 'watch', 'processes', 'firewall']) delete m[k];
      for (const f of m.files) delete f.bytes;
    });
    const { manifest } = readRenderedDir(dir, 'rendered');
    expect(manifest.processes).toEqual([]);
    expect(manifest.service).toBe('shop.service');
  });

  it('ssh-deploy (from its bundle) refuses a malformed manifest as an input error, before any host', async () => {
    writeFileSync(manifestPath(), '{"files": [oops');
    const r = await runStep({
      actionDir: actionDir('ssh-deploy'),
      workspace,
      with: {
        mode: 'deploy',
        hosts: '127.0.0.1:1',
        user: 'deploy',
        'ssh-key': makeKey('ed25519').private,
        'connect-retries': '0',
        'deploy-path': '/srv/shop',
        source: '.',
        'rendered-dir': 'rendered',
      },
    });
    expect(r.exitCode).toBe(1);
    const errors = r.annotations.filter((a) => a.level === 'error').map((a) => a.message);
    expect(errors.join('\n')).toMatch(/input 'rendered-dir': rendered\/manifest\.json: is not valid JSON/);
    const visible = [...r.log, r.stderr].join('\n');
    expect(visible).not.toMatch(/unexpectedly|this is a bug|\n\s+at .+:\d+:\d+/);
    expect(visible).not.toMatch(/cannot connect|ECONNREFUSED/);
  });
});

describe("a release's files.json read back from a host", () => {
  const entry = { path: 'app.py', type: 'file', mode: 0o644, size: 3, hash: 'a'.repeat(64) };
  const text = (m: unknown) => JSON.stringify(m);

  it('gives the files of a manifest keel wrote', () => {
    const files = [entry, { path: 'pkg', type: 'dir', mode: 0o755, size: 0, hash: '' }];
    expect(parseManifest(text({ keel: 1, files }))).toEqual(files);
    expect(parseManifest(text({ keel: 1, files: [] }))).toEqual([]);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['not JSON', '{"keel": 1, "files": [oops'],
    ['JSON null', 'null'],
    ['another format version', text({ keel: 2, files: [entry] })],
    ['files not a list', text({ keel: 1, files: {} })],
    ['a path that leaves the release', text({ keel: 1, files: [{ ...entry, path: '../../etc/passwd' }] })],
    ['a path that leaves it after a newline', text({ keel: 1, files: [{ ...entry, path: 'a\n/../../x' }] })],
    ['an absolute path', text({ keel: 1, files: [{ ...entry, path: '/etc/passwd' }] })],
    ['an empty part', text({ keel: 1, files: [{ ...entry, path: 'a//b' }] })],
    ['an unknown type', text({ keel: 1, files: [{ ...entry, type: 'fifo' }] })],
    ['a mode as text', text({ keel: 1, files: [{ ...entry, mode: '0644' }] })],
    ['a hash that is not hex', text({ keel: 1, files: [{ ...entry, hash: 'z'.repeat(64) }] })],
  ])('%s: not trusted (the deploy sends every file)', (_what, t) => {
    expect(parseManifest(t)).toBeUndefined();
  });

  it('a name with odd characters (quotes, $, ;, newline, non-ASCII) is still a path inside the release', () => {
    const odd = { ...entry, path: 'd/it\'s "$(x)"; `y`\n%{}-é.py' };
    expect(parseManifest(text({ keel: 1, files: [odd] }))).toEqual([odd]);
  });
});
