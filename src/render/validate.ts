/**
 * Checks rendered files with the real tools, where they are installed on the machine running keel:
 * nginx -t, caddy validate, systemd-analyze verify and security, logrotate -d, visudo -c, Python's compiler,
 * promtool check rules, sh -n (the certbot renewal hook), supervisor's own config parser (its programs). Each tool runs on a scratch copy (its own prefix, storage and state files), so nothing
 * outside a temp folder changes.
 *
 * A tool that printed warnings never "passes": its result is `warned`, with every warning listed (the files are
 * still written; render-config reports each one as a warning annotation).
 *
 * Files that only exist on the target host (certificates, the release's gunicorn binary) are stood in for by
 * scratch ones here; the host checks them again when ssh-deploy installs the files.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { run, which } from '../local/exec.js';
import { caddyWarnings, describeMessage, isNginxWarning, nginxMessages } from './tool-output.js';
import type { Resolved } from '../appspec/resolve.js';
import { CADDY_MAIN } from './caddy.js';
import type { RenderedFile } from './index.js';
import { supervisorLogDir } from './supervisor.js';

export interface ValidationResult {
  tool: string;
  file: string;
  /** passed / warned (it succeeded but printed warnings) / failed / skipped (tool not installed). */
  status: 'passed' | 'warned' | 'failed' | 'skipped';
  detail: string;
  /** Each warning the tool printed, one a line of its output (status `warned`). */
  warnings?: string[];
}

export interface ValidateOptions {
  /** Highest acceptable `systemd-analyze security` exposure (0-10). */
  maxExposure: number;
  /** Fail (instead of skip) when a tool is missing. */
  requireTools: boolean;
}

/** A check that could not run here because its tool is missing (a failure when tools are required). */
function skipped(tool: string, file: string, program: string): ValidationResult {
  return { tool, file, status: 'skipped', detail: `${program} is not installed here` };
}

const firstLines = (text: string, n = 6) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, n)
    .join('\n');

async function selfSignedCert(
  dir: string,
  names: string[],
): Promise<{ cert: string; key: string } | undefined> {
  const openssl = which('openssl');
  if (!openssl) return undefined;
  const cert = join(dir, 'stand-in.crt');
  const key = join(dir, 'stand-in.key');
  const cn = names[0]!.replace(/^\*\./, 'wildcard.');
  const r = await run(openssl, [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '2',
    '-subj',
    `/CN=${cn}`,
    '-keyout',
    key,
    '-out',
    cert,
  ]);
  return r.code === 0 ? { cert, key } : undefined;
}

async function nginx(r: Resolved, file: RenderedFile, scratch: string): Promise<ValidationResult> {
  const bin = which('nginx');
  if (!bin) return skipped('nginx -t', file.name, 'nginx');
  const prefix = join(scratch, 'nginx');
  mkdirSync(join(prefix, 'logs'), { recursive: true });
  let site = file.content;
  let note = '';
  let stand: { cert: string; key: string } | undefined;
  if (r.tls.cert && r.tls.key && !(existsSync(r.tls.cert) && existsSync(r.tls.key))) {
    stand = await selfSignedCert(prefix, r.spec.proxy.domains);
    if (stand) {
      site = site.split(r.tls.cert).join(stand.cert).split(r.tls.key).join(stand.key);
      note = ' (certificate paths stood in for: they exist on the host)';
    }
  }
  writeFileSync(join(prefix, 'site.conf'), site);
  const mime = existsSync('/etc/nginx/mime.types') ? 'include /etc/nginx/mime.types;' : '';
  writeFileSync(
    join(prefix, 'nginx.conf'),
    [
      `pid ${join(prefix, 'nginx.pid')};`,
      `error_log ${join(prefix, 'logs', 'error.log')};`,
      'events {}',
      'http {',
      `  ${mime}`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
        (t) => `  ${t}_temp_path ${join(prefix, `${t}_temp`)};`,
      ),
      `  access_log ${join(prefix, 'logs', 'access.log')};`,
      `  include ${join(prefix, 'site.conf')};`,
      '}',
    ].join('\n'),
  );
  const res = await run(bin, [
    '-t',
    '-q',
    '-p',
    prefix,
    '-c',
    join(prefix, 'nginx.conf'),
    '-e',
    join(prefix, 'logs', 'error.log'),
  ]);
  // What nginx says about the scratch copy, said about the rendered file and the spec's certificate paths.
  const shown = (text: string) => {
    const t = text.split(join(prefix, 'site.conf')).join(file.name);
    return stand ? t.split(stand.cert).join(r.tls.cert!).split(stand.key).join(r.tls.key!) : t;
  };
  const out = res.stderr + res.stdout;
  if (res.code !== 0)
    return { tool: 'nginx -t', file: file.name, status: 'failed', detail: firstLines(shown(out)) };
  // -q drops "syntax is ok", not the warnings: every `nginx: [warn]` line is one.
  // The stand-in certificate is self-signed, without an OCSP responder: a stapling warning is about it, not
  // about the host's certificate (the host's own nginx -t sees that one, and ssh-deploy reports its warnings).
  const warnings = nginxMessages(out)
    .filter(isNginxWarning)
    .filter((m) => !(stand && /^"ssl_stapling" ignored/.test(m.text)))
    .map((m) => shown(describeMessage(m)));
  if (warnings.length === 0)
    return { tool: 'nginx -t', file: file.name, status: 'passed', detail: `syntax ok${note}` };
  return {
    tool: 'nginx -t',
    file: file.name,
    status: 'warned',
    detail: `syntax ok, ${warnings.length} warning(s)${note}: ${warnings.join('; ')}`,
    warnings,
  };
}

/**
 * Caddy checks a site inside its main file: keel's main Caddyfile when it rendered one (global options, the
 * catch-all), with the scratch directories' options added to its global block.
 */
async function caddy(r: Resolved, files: RenderedFile[], scratch: string): Promise<ValidationResult[]> {
  const bin = which('caddy');
  if (!bin) return files.map((f) => skipped('caddy validate', f.name, 'caddy'));
  const dir = join(scratch, 'caddy');
  mkdirSync(join(dir, 'logs'), { recursive: true });
  mkdirSync(join(dir, 'sites'), { recursive: true });
  const main = files.find((f) => f.install === CADDY_MAIN);
  const sites = files.filter((f) => f !== main);
  let note = '';
  const stand =
    r.tls.cert && r.tls.key && !(existsSync(r.tls.cert) && existsSync(r.tls.key))
      ? await selfSignedCert(dir, r.spec.proxy.domains)
      : undefined;
  for (const f of sites) {
    let site = f.content.split('/var/log/caddy/').join(join(dir, 'logs') + '/');
    if (stand && r.tls.cert && r.tls.key) {
      site = site.split(r.tls.cert).join(stand.cert).split(r.tls.key).join(stand.key);
      note = ' (certificate paths stood in for: they exist on the host)';
    }
    writeFileSync(join(dir, 'sites', f.name.split('/').pop()!), site);
  }
  // Formatted as `caddy fmt` wants it (tabs): Caddy warns about an unformatted top-level Caddyfile.
  const scratchOptions = [
    '\tadmin off',
    `\tstorage file_system ${join(dir, 'storage')}`,
    '\tskip_install_trust',
  ];
  const mainText = main
    ? main.content
        .replace(/^\{$/m, ['{', ...scratchOptions].join('\n'))
        .replace(/^import sites\/\*\.caddy$/m, `import ${join(dir, 'sites')}/*`)
    : ['{', ...scratchOptions, '}', '', `import ${join(dir, 'sites')}/*`, ''].join('\n');
  writeFileSync(join(dir, 'Caddyfile'), mainText);
  const env = {
    ...process.env,
    HOME: dir,
    XDG_DATA_HOME: join(dir, 'data'),
    XDG_CONFIG_HOME: join(dir, 'config'),
  };
  const res = await run(bin, ['validate', '--adapter', 'caddyfile', '--config', join(dir, 'Caddyfile')], {
    env,
  });
  let out = res.stderr + res.stdout;
  for (const f of sites) out = out.split(join(dir, 'sites', f.name.split('/').pop()!)).join(f.name);
  if (main) out = out.split(join(dir, 'Caddyfile')).join(main.name);
  if (stand) out = out.split(stand.cert).join(r.tls.cert!).split(stand.key).join(r.tls.key!);
  const together = main ? ' (site and main file together)' : '';
  if (res.code === 0) {
    // The stand-in certificate has no OCSP responder by construction: Caddy's stapling warning is about it,
    // not about the host's certificate (which the host's own caddy validate sees).
    const warnings = caddyWarnings(out).filter((w) => !(stand && /^stapling OCSP\b/.test(w)));
    if (warnings.length === 0)
      return files.map((f) => ({
        tool: 'caddy validate',
        file: f.name,
        status: 'passed' as const,
        detail: `valid configuration${together}${note}`,
      }));
    return files.map((f) => ({
      tool: 'caddy validate',
      file: f.name,
      status: 'warned' as const,
      detail: `valid configuration${together}, ${warnings.length} warning(s)${note}: ${warnings.join('; ')}`,
      warnings,
    }));
  }
  const errorLine = out
    .split('\n')
    .filter((l) => /Error:|error/.test(l))
    .slice(-2)
    .join('\n');
  return files.map((f) => ({
    tool: 'caddy validate',
    file: f.name,
    status: 'failed' as const,
    detail: firstLines(errorLine || out),
  }));
}

async function systemd(
  r: Resolved,
  files: RenderedFile[],
  scratch: string,
  options: ValidateOptions,
): Promise<ValidationResult[]> {
  const units = files.filter((f) => f.kind.startsWith('systemd-'));
  const bin = which('systemd-analyze');
  if (!bin) {
    return units.map((f) => skipped('systemd-analyze', f.name, 'systemd-analyze'));
  }
  const dir = join(scratch, 'systemd');
  mkdirSync(dir, { recursive: true });
  const stub = join(dir, 'gunicorn-stand-in');
  writeFileSync(stub, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  for (const f of units) {
    // The release's gunicorn exists only on the host; verify checks ExecStart against a stand-in.
    writeFileSync(
      join(dir, f.install.split('/').pop()!),
      f.content.split(`ExecStart=${r.exec.program}`).join(`ExecStart=${stub}`),
    );
  }
  const results: ValidationResult[] = [];
  for (const f of units) {
    const path = join(dir, f.install.split('/').pop()!);
    const v = await run(bin, ['verify', '--man=no', path]);
    // Unknown keys and sections only warn in systemd; a rendered unit must have none.
    const complaints = (v.stderr + v.stdout)
      .split('\n')
      .filter((l) => l.trim() !== '' && !/Failed to (connect|create)|sysinit\.target|not found\.$/.test(l));
    results.push(
      v.code === 0 && complaints.length === 0
        ? { tool: 'systemd-analyze verify', file: f.name, status: 'passed', detail: 'no warnings' }
        : {
            tool: 'systemd-analyze verify',
            file: f.name,
            status: 'failed',
            detail: firstLines(
              complaints
                .join('\n')
                .split(dir + '/')
                .join(''),
            ),
          },
    );
    // The processes beside the app run in the same sandbox as the app: the same exposure limit.
    if (f.kind === 'systemd-service' || f.kind === 'systemd-process') {
      const s = await run(bin, ['security', '--offline=yes', '--no-pager', path]);
      const m = /Overall exposure level for [^:]+: ([\d.]+) (\w+)/.exec(s.stdout + s.stderr);
      if (!m) {
        results.push({
          tool: 'systemd-analyze security',
          file: f.name,
          status: 'failed',
          detail: firstLines(s.stderr || s.stdout),
        });
      } else {
        const exposure = Number(m[1]);
        const ok = exposure <= options.maxExposure;
        results.push({
          tool: 'systemd-analyze security',
          file: f.name,
          status: ok ? 'passed' : 'failed',
          detail: `exposure ${m[1]} ${m[2]} (limit ${options.maxExposure})`,
        });
      }
    }
  }
  return results;
}

async function logrotate(file: RenderedFile, scratch: string): Promise<ValidationResult> {
  const bin = which('logrotate');
  if (!bin) return skipped('logrotate -d', file.name, 'logrotate');
  const dir = join(scratch, 'logrotate');
  mkdirSync(dir, { recursive: true });
  const conf = join(dir, 'rules');
  // The app's user exists only on the host: check the syntax with root's ownership here.
  writeFileSync(
    conf,
    file.content
      .replace(/^(\s*)su .*$/m, '$1su root root')
      .replace(/^(\s*create \d+) \S+ \S+$/m, '$1 root root'),
    {
      mode: 0o644,
    },
  );
  const res = await run(bin, ['-d', '-s', join(dir, 'state'), conf]);
  const bad = (res.stderr + res.stdout).split('\n').filter((l) => /^error:/.test(l));
  return res.code === 0 && bad.length === 0
    ? { tool: 'logrotate -d', file: file.name, status: 'passed', detail: 'rules parse' }
    : {
        tool: 'logrotate -d',
        file: file.name,
        status: 'failed',
        detail: firstLines(bad.join('\n') || res.stderr),
      };
}

async function sudoers(file: RenderedFile, scratch: string): Promise<ValidationResult> {
  const bin = which('visudo');
  if (!bin) return skipped('visudo -c', file.name, 'visudo (package sudo)');
  const path = join(scratch, 'sudoers');
  writeFileSync(path, file.content, { mode: 0o440 });
  const res = await run(bin, ['-c', '-f', path]);
  const out = (res.stderr + res.stdout).split(path).join(file.name);
  return res.code === 0
    ? { tool: 'visudo -c', file: file.name, status: 'passed', detail: 'parsed OK' }
    : { tool: 'visudo -c', file: file.name, status: 'failed', detail: firstLines(out) };
}

async function python(file: RenderedFile, scratch: string): Promise<ValidationResult> {
  const bin = which('python3');
  if (!bin) return skipped('python3 compile', file.name, 'python3');
  const path = join(scratch, 'gunicorn.conf.py');
  writeFileSync(path, file.content);
  const code =
    'import sys; ns = {}; exec(compile(open(sys.argv[1]).read(), "gunicorn.conf.py", "exec"), ns); print(ns["workers"], ns["bind"])';
  const res = await run(bin, ['-c', code, path]);
  return res.code === 0
    ? {
        tool: 'python3 exec',
        file: file.name,
        status: 'passed',
        detail: `runs; workers here would be ${res.stdout.split(' ')[0]}`,
      }
    : { tool: 'python3 exec', file: file.name, status: 'failed', detail: firstLines(res.stderr) };
}

async function shellSyntax(file: RenderedFile, scratch: string): Promise<ValidationResult> {
  const bin = existsSync('/bin/sh') ? '/bin/sh' : which('sh');
  if (!bin) return skipped('sh -n', file.name, 'sh');
  const path = join(scratch, 'hook.sh');
  writeFileSync(path, file.content);
  const res = await run(bin, ['-n', path]);
  const out = (res.stderr + res.stdout).split(path).join(file.name);
  return res.code === 0 && out.trim() === ''
    ? { tool: 'sh -n', file: file.name, status: 'passed', detail: 'parses' }
    : { tool: 'sh -n', file: file.name, status: 'failed', detail: firstLines(out) || `exit ${res.code}` };
}

async function promtool(file: RenderedFile, scratch: string): Promise<ValidationResult> {
  const bin = which('promtool');
  if (!bin) return skipped('promtool check rules', file.name, 'promtool (package prometheus)');
  const path = join(scratch, 'rules.yml');
  writeFileSync(path, file.content);
  // Every lint promtool knows; --lint-fatal makes a lint finding exit 3 instead of hiding behind exit 0.
  const res = await run(bin, ['check', 'rules', '--lint=all', '--lint-fatal', path]);
  const out = (res.stderr + res.stdout).split(path).join(file.name);
  const said = out
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^Checking /.test(l));
  if (res.code === 0 && !said.some((l) => /FAILED|lint|warn/i.test(l)))
    return {
      tool: 'promtool check rules',
      file: file.name,
      status: 'passed',
      detail: said.find((l) => /SUCCESS/.test(l)) ?? 'rules parse',
    };
  if (res.code === 0 || res.code === 3) {
    // "lint error 7 duplicate rule(s) found." then one Metric:/Label(s): block per rule: one line per finding.
    const lines = said.filter(
      (l) => !/^(FAILED:?|SUCCESS.*|Label\(s\):|\w+: .*)$/.test(l) || /^Metric: /.test(l),
    );
    const warnings = [
      lines
        .join(' ')
        .replace(/ Metric: /g, ' ')
        .slice(0, 1000),
    ];
    return {
      tool: 'promtool check rules',
      file: file.name,
      status: 'warned',
      detail: `rules parse, with lint findings: ${warnings[0]}`,
      warnings,
    };
  }
  return {
    tool: 'promtool check rules',
    file: file.name,
    status: 'failed',
    detail: firstLines(said.filter((l) => !/^FAILED:?$/.test(l)).join('\n') || out),
  };
}

/**
 * supervisor's own parser (python3's `supervisor.options.ServerOptions`, what supervisord runs at start): the
 * program files included by a scratch supervisord.conf, with stand-ins for what exists only on the host (the
 * app's user: this user; the log directory: a scratch one). A file supervisor refuses fails with its message.
 */
async function supervisor(r: Resolved, files: RenderedFile[], scratch: string): Promise<ValidationResult[]> {
  const programs = files.filter((f) => f.kind === 'supervisor-program');
  if (programs.length === 0) return [];
  const python = supervisorPython();
  if (!python) return programs.map((f) => skipped('supervisor options', f.name, 'supervisor (python3)'));
  const dir = join(scratch, 'supervisor');
  const logs = join(dir, 'log');
  mkdirSync(logs, { recursive: true });
  const me = userInfo().username;
  const logDir = supervisorLogDir(r);
  const results: ValidationResult[] = [];
  for (const f of programs) {
    const path = join(dir, f.install.split('/').pop()!);
    writeFileSync(
      path,
      f.content
        .replace(/^user=.*$/m, `user=${me}`)
        .split(`=${logDir}/`)
        .join(`=${logs}/`),
    );
    const main = join(dir, 'supervisord.conf');
    writeFileSync(
      main,
      [
        '[supervisord]',
        `logfile=${join(dir, 'supervisord.log')}`,
        `pidfile=${join(dir, 'supervisord.pid')}`,
        '[include]',
        `files=${path}`,
        '',
      ].join('\n'),
    );
    const res = await run(python, ['-I', '-c', SUPERVISOR_CHECK, main]);
    const out = (res.stderr + res.stdout).split(path).join(f.install).split(`${logs}/`).join(`${logDir}/`);
    results.push(
      res.code === 0
        ? {
            tool: 'supervisor options',
            file: f.name,
            status: 'passed',
            detail: `parsed by supervisor: ${firstLines(res.stdout, 1)}`,
          }
        : {
            tool: 'supervisor options',
            file: f.name,
            status: 'failed',
            detail: firstLines(out.replace(/^For help, use .*$/m, '')),
          },
    );
  }
  return results;
}

/** Reads a supervisord.conf with supervisor's own ServerOptions; prints what each program became. */
const SUPERVISOR_CHECK = [
  'import shlex, sys',
  'from supervisor.options import ServerOptions',
  'o = ServerOptions()',
  "o.realize(args=['-c', sys.argv[1]])",
  'for g in o.process_group_configs:',
  '    for p in g.process_configs:',
  "        print(p.name, 'runs', shlex.split(p.command), 'stopwaitsecs', p.stopwaitsecs, 'stopasgroup', p.stopasgroup, 'killasgroup', p.killasgroup)",
].join('\n');

/** A python3 that can import supervisor: supervisord's own interpreter first, then the usual ones. */
function supervisorPython(): string | undefined {
  const candidates: string[] = [];
  const supervisord = which('supervisord');
  if (supervisord) {
    const first = readFileSync(supervisord, 'utf8').split('\n', 1)[0] ?? '';
    const m = /^#!\s*(\S+)/.exec(first);
    if (m) candidates.push(m[1]!);
  }
  candidates.push('/usr/bin/python3', ...(which('python3') ? [which('python3')!] : []));
  return candidates.find(
    (p) => existsSync(p) && spawnSync(p, ['-I', '-c', 'import supervisor.options']).status === 0,
  );
}

async function pythonCompiles(file: RenderedFile, scratch: string): Promise<ValidationResult> {
  const bin = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : which('python3');
  if (!bin) return skipped('python3 compile', file.name, 'python3');
  const path = join(scratch, 'exec.py');
  writeFileSync(path, file.content);
  const res = await run(bin, [
    '-I',
    '-c',
    'import sys; compile(open(sys.argv[1]).read(), sys.argv[2], "exec")',
    path,
    file.name,
  ]);
  return res.code === 0
    ? { tool: 'python3 compile', file: file.name, status: 'passed', detail: 'compiles' }
    : { tool: 'python3 compile', file: file.name, status: 'failed', detail: firstLines(res.stderr) };
}

export async function validateFiles(
  r: Resolved,
  files: RenderedFile[],
  options: ValidateOptions,
): Promise<ValidationResult[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'keel-validate-'));
  try {
    const results: ValidationResult[] = [];
    for (const f of files) {
      if (f.kind === 'gunicorn') results.push(await python(f, scratch));
      if (f.kind === 'nginx') results.push(await nginx(r, f, scratch));
      if (f.kind === 'logrotate') results.push(await logrotate(f, scratch));
      if (f.kind === 'sudoers') results.push(await sudoers(f, scratch));
      if (f.kind === 'alerts') results.push(await promtool(f, scratch));
      if (f.kind === 'certbot-hook') results.push(await shellSyntax(f, scratch));
      if (f.kind === 'supervisor-exec') results.push(await pythonCompiles(f, scratch));
    }
    const caddyFiles = files.filter((f) => f.kind === 'caddy');
    if (caddyFiles.length) results.push(...(await caddy(r, caddyFiles, scratch)));
    results.push(...(await systemd(r, files, scratch, options)));
    results.push(...(await supervisor(r, files, scratch)));
    if (options.requireTools) {
      for (const x of results) if (x.status === 'skipped') x.status = 'failed';
    }
    return results;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
