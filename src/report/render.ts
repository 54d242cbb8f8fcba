import type { HostPlan } from '../render/plan.js';
import type { RenderResult } from '../render/render-config.js';
import { type Report } from './summary.js';

export function renderReport(r: RenderResult, specFile: string): Report {
  const failed = r.validation.filter((v) => v.status === 'failed');
  return {
    title: `keel render-config: ${r.files.length} files for ${r.resolved.name} (${r.resolved.spec.proxy.server})`,
    status: !r.ok
      ? 'failed'
      : r.warnings.length || r.validation.some((v) => v.status === 'warned')
        ? 'warning'
        : 'ok',
    lines: [
      `Spec \`${specFile}\` → ${r.resolved.units.service}${r.resolved.units.socket ? ` + ${r.resolved.units.socket}` : ''}, ` +
        `${r.resolved.spec.proxy.domains.join(', ')}, bind \`${r.resolved.bind}\`.` +
        (failed.length ? ` **${failed.length} check(s) failed; nothing was written.**` : ''),
    ],
    tables: [
      {
        caption: 'Files',
        headers: ['file', 'installs to', 'owner', 'mode', 'on change', 'sha256'],
        rows: r.manifest.files.map((f) => [
          f.name,
          f.scope === 'release' ? `<release>/${f.install}` : f.install,
          `${f.owner}:${f.group}`,
          f.mode,
          f.onChange,
          f.sha256.slice(0, 12),
        ]),
      },
      ...(r.manifest.firewall
        ? [
            {
              caption: `Firewall (ufw: everything else incoming is refused; reverted by the host unless a new SSH connection confirms it within ${r.manifest.firewall.revertAfter}s)`,
              headers: ['allowed', 'from'],
              rows: r.manifest.firewall.rules.map((rule, i) => [
                `${rule.port}/${rule.proto}${i === 0 ? ' (SSH)' : ''}`,
                rule.from.length ? rule.from.join(', ') : 'anywhere',
              ]),
            },
          ]
        : []),
      {
        caption: 'Checks',
        headers: ['check', 'file', 'result', 'detail'],
        rows: r.validation.map((v) => [v.tool, v.file, v.status, v.detail]),
      },
      ...(r.warnings.length
        ? [
            {
              caption: 'Warnings',
              headers: ['field', 'line', 'warning'],
              rows: r.warnings.map((w) => [w.field, String(w.line ?? ''), w.message]),
            },
          ]
        : []),
    ],
  };
}

export function planReport(plans: HostPlan[]): Report {
  const changes = plans.flatMap((p) => p.files.filter((f) => f.change !== 'unchanged'));
  return {
    title: `keel plan: ${changes.length} file change(s) on ${plans.length} host(s)`,
    status: plans.some((p) => p.error) ? 'failed' : 'ok',
    tables: [
      {
        headers: ['host', 'file', 'installs to', 'change'],
        rows: plans.flatMap((p) =>
          p.error
            ? [[p.host, '-', '-', `error: ${p.error}`]]
            : p.files.map((f) => [p.host, f.file, f.install, f.change]),
        ),
      },
    ],
    blocks: plans.flatMap((p) =>
      p.files
        .filter((f) => f.diff)
        .map((f) => ({ title: `${p.host}: ${f.install} (${f.change})`, language: 'diff', text: f.diff })),
    ),
  };
}
