import type { RenderResult } from '../render/render-config.js';
import { type Report } from './summary.js';

export function renderReport(r: RenderResult, specFile: string): Report {
  const failed = r.validation.filter((v) => v.status === 'failed');
  return {
    title: `keel render-config: ${r.files.length} files for ${r.resolved.name} (${r.resolved.spec.proxy.server})`,
    status: !r.ok ? 'failed' : r.warnings.length ? 'warning' : 'ok',
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
