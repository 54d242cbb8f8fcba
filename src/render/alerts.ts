/**
 * Prometheus alert rules (pure), so monitoring conditions are defined with the deploy, not described in a wiki.
 * Metric sources: node_exporter's systemd collector (unit state, restarts), blackbox_exporter (health probe,
 * certificate expiry), and the proxy: Caddy's own metrics, or for Nginx prometheus-nginxlog-exporter.
 */
import { stringify } from 'yaml';
import type { Resolved } from '../appspec/resolve.js';
import { processUnits } from './processes.js';

export function renderAlerts(r: Resolved): string {
  const a = r.spec.alerts;
  const unit = r.units.service;
  const app = r.name;
  const host = r.spec.proxy.domains[0]!.replace(/^\*\./, '');
  const caddy = r.spec.proxy.server === 'caddy';
  const errorRatio = caddy
    ? `sum(rate(caddy_http_request_duration_seconds_count{code=~"5.."}[5m])) / sum(rate(caddy_http_request_duration_seconds_count[5m]))`
    : `sum(rate(${app.replace(/-/g, '_')}_http_response_count_total{status=~"5.."}[5m])) / sum(rate(${app.replace(/-/g, '_')}_http_response_count_total[5m]))`;
  const p95 = caddy
    ? `histogram_quantile(0.95, sum by (le) (rate(caddy_http_request_duration_seconds_bucket[5m])))`
    : `histogram_quantile(0.95, sum by (le) (rate(${app.replace(/-/g, '_')}_http_upstream_time_seconds_hist_bucket[5m])))`;
  const rule = (alert: string, expr: string, forDur: string, severity: string, summary: string) => ({
    alert,
    expr,
    for: forDur,
    labels: { severity, app },
    annotations: { summary },
  });
  const doc = {
    groups: [
      {
        name: `${app}-systemd`,
        rules: [
          rule(
            `${pascal(app)}UnitFailed`,
            `node_systemd_unit_state{name="${unit}",state="failed"} == 1`,
            '1m',
            'critical',
            `${unit} has failed on {{ $labels.instance }}`,
          ),
          rule(
            `${pascal(app)}UnitNotActive`,
            `node_systemd_unit_state{name="${unit}",state="active"} == 0`,
            '5m',
            'critical',
            `${unit} is not active on {{ $labels.instance }}`,
          ),
          rule(
            `${pascal(app)}RestartLoop`,
            `increase(node_systemd_service_restart_total{name="${unit}"}[1h]) > ${a['restarts-per-hour']}`,
            '0m',
            'warning',
            `${unit} restarted more than ${a['restarts-per-hour']} times in an hour on {{ $labels.instance }}`,
          ),
        ],
      },
      // The processes beside the app: every instance of a template unit, by its name pattern.
      ...processUnits(r).map((p) => {
        const units = `${app}-${p.name}@[0-9]+[.]service`;
        return {
          name: `${app}-${p.name}-systemd`,
          rules: [
            rule(
              `${pascal(app)}${pascal(p.name)}UnitFailed`,
              `node_systemd_unit_state{name=~"${units}",state="failed"} == 1`,
              '1m',
              'critical',
              `{{ $labels.name }} (${app}'s ${p.name}) has failed on {{ $labels.instance }}`,
            ),
            rule(
              `${pascal(app)}${pascal(p.name)}RestartLoop`,
              `increase(node_systemd_service_restart_total{name=~"${units}"}[1h]) > ${a['restarts-per-hour']}`,
              '0m',
              'warning',
              `{{ $labels.name }} (${app}'s ${p.name}) restarted more than ${a['restarts-per-hour']} times in an hour on {{ $labels.instance }}`,
            ),
            // A singleton (Celery beat) must run on exactly one host: none means no schedule fires at all,
            // two means every schedule fires twice. Summed over the whole fleet (every instance label);
            // `absent` covers the case where no host reports the unit at all.
            ...(p.singleton
              ? [
                  rule(
                    `${pascal(app)}${pascal(p.name)}NotRunning`,
                    `sum(node_systemd_unit_state{name=~"${units}",state="active"}) < 1 or absent(node_systemd_unit_state{name=~"${units}",state="active"} == 1)`,
                    '5m',
                    'critical',
                    `${app}'s ${p.name} (a singleton) is not running on any host: nothing it schedules runs`,
                  ),
                  rule(
                    `${pascal(app)}${pascal(p.name)}RunningTwice`,
                    `sum(node_systemd_unit_state{name=~"${units}",state="active"}) > 1`,
                    '2m',
                    'critical',
                    `${app}'s ${p.name} (a singleton) is active on {{ $value }} units: what it schedules runs more than once`,
                  ),
                ]
              : []),
          ],
        };
      }),
      {
        name: `${app}-proxy`,
        rules: [
          rule(
            `${pascal(app)}High5xxRate`,
            `(${errorRatio}) > ${a['5xx-ratio']}`,
            '5m',
            'critical',
            `more than ${a['5xx-ratio'] * 100}% of ${host} responses are 5xx`,
          ),
          rule(
            `${pascal(app)}SlowResponses`,
            `${p95} > ${a['latency-p95-seconds']}`,
            '10m',
            'warning',
            `p95 latency of ${host} is above ${a['latency-p95-seconds']}s`,
          ),
          rule(
            `${pascal(app)}HealthProbeFailing`,
            `probe_success{instance="https://${host}${r.spec.health.readiness}"} == 0`,
            '2m',
            'critical',
            `${host}${r.spec.health.readiness} is failing`,
          ),
          rule(
            `${pascal(app)}CertificateExpiresSoon`,
            `(probe_ssl_earliest_cert_expiry{instance=~"https://${host}.*"} - time()) / 86400 < ${a['cert-days']}`,
            '1h',
            'warning',
            `the TLS certificate of ${host} expires in less than ${a['cert-days']} days`,
          ),
        ],
      },
    ],
  };
  // supervisor: node_exporter's systemd collector knows nothing of its programs; only the HTTP and certificate
  // alerts apply (src/appspec/process-manager.ts warns when the spec sets a systemd-only threshold).
  if (r.spec['process-manager'] === 'supervisor')
    doc.groups = doc.groups.filter((g) => !g.name.endsWith('-systemd'));
  return `# Rendered by keel render-config; edit the spec, not this file.\n${stringify(doc, { lineWidth: 0 })}`;
}

function pascal(name: string): string {
  return name
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}
