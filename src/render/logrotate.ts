/** logrotate rules for file logs (pure): new files owned by the app, USR1 to the Gunicorn master to reopen. */
import { sh } from '../remote/quote.js';
import type { Resolved } from '../appspec/resolve.js';
import { renderSupervisorLogrotate, usesSupervisor } from './supervisor.js';

export function renderLogrotate(r: Resolved): string | undefined {
  if (usesSupervisor(r)) return renderSupervisorLogrotate(r);
  if (!r.logDir) return undefined;
  return [
    '# Rendered by keel render-config; edit the spec, not this file.',
    `${r.logDir}/*.log {`,
    '    daily',
    '    rotate 14',
    '    missingok',
    '    notifempty',
    '    compress',
    '    # The newest rotated file stays uncompressed until Gunicorn has reopened its logs.',
    '    delaycompress',
    `    create 0640 ${r.user} ${r.group}`,
    `    su ${r.user} ${r.group}`,
    '    sharedscripts',
    '    postrotate',
    // postrotate is a shell script: the unit name goes through the shell's one quoting function.
    `        ${sh`systemctl kill --signal=USR1 --kill-whom=main ${r.units.service}`.text} >/dev/null 2>&1 || true`,
    '    endscript',
    '}',
    '',
  ].join('\n');
}
