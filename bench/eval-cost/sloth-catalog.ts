/**
 * Sloth's default rules (the "optimized" form of bench/sloth-forms.ts) for the same SLOs as the
 * scale catalog of bench/scale.ts: per service and environment, 5xx and 4xx error rates, p99 and
 * p95 latency from the histogram, and uptime from probe_success. Each SLO in three groups, as
 * Sloth writes them (SLI recordings, metadata, alerts).
 */
import { stringify } from 'yaml';
import type { AlertingRule, RecordingRule } from '../../src/emitters/prometheus/rule-types.js';
import { slothRules, type SlothSlo } from '../sloth-forms.js';

interface ScaleSlo {
  id: string;
  objective: number;
  sli: (selector: string) => Pick<SlothSlo, 'bad' | 'total' | 'queries'>;
}

const latency = (le: string) => (selector: string) => ({
  bad: '',
  total: '',
  queries: {
    error: (w: string) =>
      `sum(rate(http_request_duration_seconds_count{${selector}}[${w}])) - sum(rate(http_request_duration_seconds_bucket{${selector},le="${le}"}[${w}]))`,
    total: (w: string) => `sum(rate(http_request_duration_seconds_count{${selector}}[${w}]))`,
  },
});

/** The scale catalog's five SLOs with their objectives (bench/scale.ts). */
const SCALE_SLOS: ScaleSlo[] = [
  { id: 'errors-5xx', objective: 0.99, sli: (s) => ({ bad: `http_requests_total{${s},code=~"5.."}`, total: `http_requests_total{${s}}` }) },
  { id: 'errors-4xx', objective: 0.95, sli: (s) => ({ bad: `http_requests_total{${s},code=~"4.."}`, total: `http_requests_total{${s}}` }) },
  { id: 'latency-p99', objective: 0.99, sli: latency('1') },
  { id: 'latency-p95', objective: 0.95, sli: latency('0.5') },
  {
    id: 'uptime',
    objective: 0.995,
    sli: (s) => ({
      bad: '',
      total: '',
      queries: { error: (w: string) => `sum(1 - avg_over_time(probe_success{${s}}[${w}]))`, total: () => 'vector(1)' },
    }),
  },
];

const ENVIRONMENTS: Array<[string, number]> = [
  ['staging', 7],
  ['production', 30],
];

/** The rule file (YAML) of Sloth's rules for `services` services of the scale catalog. */
export function slothScaleRuleFile(services: number): { content: string; rules: number } {
  const groups: Array<{ name: string; rules: Array<RecordingRule | AlertingRule> }> = [];
  for (let i = 0; i < services; i += 1)
    for (const [env, periodDays] of ENVIRONMENTS)
      for (const slo of SCALE_SLOS) {
        const id = `svc-${i}-${env}-${slo.id}`;
        const rules = slothRules({ id, objective: slo.objective, periodDays, ...slo.sli(`job="svc-${i}",env="${env}"`) }, 'optimized');
        const isAlert = (r: RecordingRule | AlertingRule) => 'alert' in r;
        const isSli = (r: RecordingRule | AlertingRule) => 'record' in r && r.record.startsWith('slo:sli_error:');
        groups.push(
          { name: `sloth-slo-sli-recordings-${id}`, rules: rules.filter(isSli) },
          { name: `sloth-slo-meta-recordings-${id}`, rules: rules.filter((r) => !isAlert(r) && !isSli(r)) },
          { name: `sloth-slo-alerts-${id}`, rules: rules.filter(isAlert) },
        );
      }
  return { content: stringify({ groups }, { lineWidth: 0 }), rules: groups.reduce((n, g) => n + g.rules.length, 0) };
}
