/**
 * rendered-dir/manifest.json, the contract between render-config and ssh-deploy: read with one schema where
 * it is read, so a damaged directory is an input error naming `rendered-dir` and the file (never "keel failed
 * unexpectedly"), and a file edited after rendering is refused before any host is contacted.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/errors.js';
import { readRenderedDir } from '../../src/render/manifest.js';
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
