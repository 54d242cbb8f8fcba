/** render-config run from its committed bundle as the runner runs it, on a checked-out workspace. */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStep } from '../support/step.js';
import { selfSigned } from '../support/tls.js';
import { actionDir, repoRoot } from '../support/paths.js';

let workspace: string;
beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'keel-ws-'));
  mkdirSync(join(workspace, 'deploy'));
  cpSync(join(repoRoot, '__fixtures__/specs/shop.yml'), join(workspace, 'deploy/keel.yml'));
});
afterEach(() => rmSync(workspace, { recursive: true, force: true }));

const step = (inputs: Record<string, string> = {}) =>
  runStep({ actionDir: actionDir('render-config'), workspace, with: inputs });

describe('render-config action', () => {
  it('renders, validates, writes the files and the manifest, and says so in outputs and the summary', async () => {
    const r = await step({ validate: 'required' });
    expect(r.annotations).toEqual([]);
    expect(r.conclusion).toBe('success');
    expect(r.outputs).toMatchObject({
      service: 'shop.service',
      socket: 'shop.socket',
      proxy: 'nginx',
      warnings: '0',
    });
    const manifest = JSON.parse(readFileSync(r.outputs.manifest!, 'utf8'));
    expect(manifest.files.map((f: { name: string }) => f.name)).toEqual([
      'gunicorn.conf.py',
      'sudoers/shop-keel',
      'systemd/shop.service',
      'systemd/shop.socket',
      'nginx/keel-default.conf',
      'nginx/shop.conf',
      'alerts/shop.rules.yml',
    ]);
    for (const f of manifest.files) expect(existsSync(join(r.outputs.dir!, f.name))).toBe(true);
    expect(r.summary).toContain('| systemd-analyze security | systemd/shop.service | passed | exposure');
    expect(r.summary).toContain('| nginx -t | nginx/shop.conf | passed |');
    expect(r.summary).toContain('| visudo -c | sudoers/shop-keel | passed |');
    expect(r.summary).toContain(
      '| promtool check rules | alerts/shop.rules.yml | passed | SUCCESS: 7 rules found |',
    );
  });

  it('reports each nginx -t warning as a warning annotation, counts it, and never shows the check as passed', async () => {
    // A real certificate file nginx cannot staple (self-signed: no issuer, no OCSP responder).
    const { cert, key } = selfSigned(workspace, 'shop.example.com');
    const r = await step({
      validate: 'required',
      set: `proxy.tls.cert=${cert}\nproxy.tls.key=${key}\nproxy.tls.ocsp-stapling=true`,
    });
    expect(r.conclusion).toBe('success');
    expect(r.annotations).toEqual([
      expect.objectContaining({
        level: 'warning',
        message: `nginx -t nginx/shop.conf: [warn] "ssl_stapling" ignored, issuer certificate not found for certificate "${cert}"`,
        properties: expect.objectContaining({ title: 'keel: nginx -t' }),
      }),
    ]);
    expect(r.outputs.warnings).toBe('1');
    expect(r.summary).toMatch(
      /\| nginx -t \| nginx\/shop\.conf \| warned \| syntax ok, 1 warning\(s\): \[warn\] "ssl_stapling" ignored/,
    );
    expect(r.summary).not.toContain('| nginx -t | nginx/shop.conf | passed |');
  });

  it('applies overrides from `set`', async () => {
    const r = await step({ set: 'proxy.server=caddy\ngunicorn.workers=auto' });
    expect(r.conclusion).toBe('success');
    expect(r.outputs.proxy).toBe('caddy');
    expect(readFileSync(join(r.outputs.dir!, 'gunicorn.conf.py'), 'utf8')).toContain(
      'workers = multiprocessing.cpu_count() * 2 + 1',
    );
  });

  it('annotates each spec problem on its line, naming the field, and writes nothing', async () => {
    const text = readFileSync(join(workspace, 'deploy/keel.yml'), 'utf8')
      .replace('  workers: 3', '  workers: 0')
      .replace(
        '  domains: [shop.example.com, www.shop.example.com]',
        '  domains: [shop.example.com, "not a domain"]',
      );
    writeFileSync(join(workspace, 'deploy/keel.yml'), text);
    const r = await step();
    expect(r.exitCode).toBe(1);
    const errors = r.annotations.filter((a) => a.level === 'error');
    // One error per problem, nothing else: each on its field's line.
    expect(errors.map((a) => [a.properties.title, a.properties.file, a.properties.line])).toEqual([
      ['keel: spec field gunicorn.workers', 'deploy/keel.yml', '9'],
      ['keel: spec field proxy.domains[1]', 'deploy/keel.yml', '16'],
    ]);
    expect(errors[0]!.message).toMatch(/^spec field 'gunicorn\.workers': /);
    expect(existsSync(join(workspace, '.keel'))).toBe(false);
    expect([...r.log, r.stderr].join('\n')).not.toMatch(/\n\s+at /);
  });

  it('says clearly when the spec file is missing', async () => {
    const r = await step({ spec: 'deploy/nope.yml' });
    expect(r.exitCode).toBe(1);
    expect(r.annotations.map((a) => a.message)).toEqual([
      "input 'spec': deploy/nope.yml does not exist in the workspace (did the job check out the repository?)",
    ]);
  });

  it('refuses a malformed override, naming the input', async () => {
    const r = await step({ set: 'this is not an override' });
    expect(r.exitCode).toBe(1);
    expect(r.annotations[0]!.message).toBe(`input 'set': "this is not an override" is not field.path=value`);
  });
});
