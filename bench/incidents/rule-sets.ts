/**
 * The rules each tool writes for one corpus scenario, and how to read its alerts: sloforge's
 * generated rules (one SLO per scenario, its defaults: the low-traffic guard on), Sloth's default
 * form and Pyrra's, each selecting the scenario's series with a `scenario` matcher.
 */
import { parseDuration } from '../../src/core/duration.js';
import { alertTier } from '../../src/core/labels.js';
import { sloRuleGroups } from '../../src/emitters/prometheus/rule-groups.js';
import type { AlertingRule, RecordingRule } from '../../src/emitters/prometheus/rule-types.js';
import { counter, environment, errorRate, gauge, histogram, latency, service, uptime } from '../../src/index.js';
import { validateCatalog } from '../../src/catalog/validate.js';
import { tierAlertName } from '../../src/model/conventions.js';
import { resolveCatalog } from '../../src/model/resolve.js';
import { pyrraRules } from '../pyrra-forms.js';
import { slothRules } from '../sloth-forms.js';
import { OBJECTIVES, type Scenario } from './corpus.js';

export const ERRORS_METRIC = 'corpus_requests_total';
export const LATENCY_METRIC = 'corpus_request_duration_seconds';
export const LATENCY_THRESHOLD = '0.3';
export const PROBE_METRIC = 'corpus_probe_success';

export type Tool = 'sloforge' | 'sloforge-unguarded' | 'sloth' | 'pyrra';
export const TOOLS: Tool[] = ['sloforge', 'sloforge-unguarded', 'sloth', 'pyrra'];

export interface ScenarioRules {
  recording: RecordingRule[];
  alerts: AlertingRule[];
  /** page, ticket or none, from an alert's labels. */
  severityOf(labels: Record<string, string>): 'page' | 'ticket' | 'none';
  /** An alert's aftermath: how long it may keep firing after the incident (its short window). */
  aftermathSecondsOf(labels: Record<string, string>): number;
}

/**
 * sloforge's rules for every scenario at once: one catalog, one SLO per scenario, all defaults
 * (`guard: false` turns the statistical low-traffic guard off, to show what it changes).
 */
export function sloforgeRules(scenarios: Scenario[], options: { guard: boolean } = { guard: true }): Map<string, ScenarioRules> {
  const guard = options.guard ? {} : { lowTrafficGuard: false as const };
  const slos = scenarios.map((s) => {
    const where = { scenario: s.id };
    if (s.sli === 'uptime') return uptime({ id: s.id, title: s.id, probe: gauge(PROBE_METRIC, where), objective: OBJECTIVES.uptime * 100 });
    return s.sli === 'errors'
      ? errorRate({
          id: s.id,
          title: s.id,
          ...guard,
          events: counter(ERRORS_METRIC, where),
          bad: { code: /5../ },
          below: `${Number(((1 - OBJECTIVES.errors) * 100).toFixed(3))}%`,
        })
      : latency({
          id: s.id,
          title: s.id,
          ...guard,
          histogram: histogram(LATENCY_METRIC, { buckets: [Number(LATENCY_THRESHOLD)], where }),
          threshold: `${Number(LATENCY_THRESHOLD) * 1000}ms`,
          objective: OBJECTIVES.latency * 100,
        });
  });
  const spec = validateCatalog(
    {
      services: [
        service({
          name: 'corpus',
          owner: 'bench',
          runbookBaseUrl: 'https://r.example.com',
          dashboardBaseUrl: 'https://g.example.com',
          environments: [environment('production', { period: '30d', alerting: 'page-and-ticket', matchers: [] })],
          slos,
        }),
      ],
    },
    'bench/incidents',
  );
  const rules = new Map<string, ScenarioRules>();
  for (const plan of resolveCatalog(spec).instances) {
    const all = sloRuleGroups(plan).flatMap((g) => g.rules);
    const shortWindows = new Map(
      plan.alertPolicy.kind === 'burn-rate' ? plan.alertPolicy.tiers.map((t) => [tierAlertName(plan.alertIdentity, t), parseDuration(t.shortWindow)]) : [],
    );
    rules.set(plan.sloId, {
      recording: all.filter((r): r is RecordingRule => 'record' in r),
      alerts: all.filter((r): r is AlertingRule => 'alert' in r),
      severityOf: (labels) => (alertTier(labels) as 'page' | 'ticket' | undefined) ?? 'none',
      aftermathSecondsOf: (labels) => shortWindows.get(labels.alertname) ?? 0,
    });
  }
  return rules;
}

function selectors(s: Scenario) {
  if (s.sli === 'uptime')
    // Failed probes over probes: Pyrra's bool_gauge ratio, and the same as Sloth's events form.
    return {
      error: (w: string) => `(sum(count_over_time(${PROBE_METRIC}{scenario="${s.id}"}[${w}])) - sum(sum_over_time(${PROBE_METRIC}{scenario="${s.id}"}[${w}])))`,
      total: (w: string) => `sum(count_over_time(${PROBE_METRIC}{scenario="${s.id}"}[${w}]))`,
      totalSelector: `${PROBE_METRIC}{scenario="${s.id}"}`,
    };
  return s.sli === 'errors'
    ? {
        error: (w: string) => `sum(rate(${ERRORS_METRIC}{scenario="${s.id}",code=~"5.."}[${w}]))`,
        total: (w: string) => `sum(rate(${ERRORS_METRIC}{scenario="${s.id}"}[${w}]))`,
        totalSelector: `${ERRORS_METRIC}{scenario="${s.id}"}`,
      }
    : {
        // Slow events: all events less those within the threshold's bucket.
        error: (w: string) =>
          `(sum(rate(${LATENCY_METRIC}_count{scenario="${s.id}"}[${w}])) - sum(rate(${LATENCY_METRIC}_bucket{scenario="${s.id}",le="${LATENCY_THRESHOLD}"}[${w}])))`,
        total: (w: string) => `sum(rate(${LATENCY_METRIC}_count{scenario="${s.id}"}[${w}]))`,
        totalSelector: `${LATENCY_METRIC}_count{scenario="${s.id}"}`,
      };
}

/** Sloth's default form; its page alert covers the 1h/5m and 6h/30m tiers, its ticket the 1d/2h and 3d/6h. */
export function slothScenarioRules(s: Scenario): ScenarioRules {
  const q = selectors(s);
  const all = slothRules(
    { id: s.id, bad: '', total: '', queries: { error: q.error, total: q.total }, objective: OBJECTIVES[s.sli], periodDays: 30 },
    'optimized',
  );
  return {
    recording: all.filter((r): r is RecordingRule => 'record' in r),
    alerts: all.filter((r): r is AlertingRule => 'alert' in r),
    severityOf: (labels) => (labels.sloth_severity === 'page' ? 'page' : labels.sloth_severity === 'ticket' ? 'ticket' : 'none'),
    // Either tier may be the one firing: the longer short window of the two.
    aftermathSecondsOf: (labels) => (labels.sloth_severity === 'page' ? 30 * 60 : 6 * 3600),
  };
}

/** Pyrra's rules: critical alerts page, warnings are tickets. */
export function pyrraScenarioRules(s: Scenario): ScenarioRules {
  const q = selectors(s);
  const all = pyrraRules({ name: s.id, errors: q.error, total: q.total, totalSelector: q.totalSelector, target: OBJECTIVES[s.sli], periodDays: 30 });
  return {
    recording: all.filter((r): r is RecordingRule => 'record' in r),
    alerts: all.filter((r): r is AlertingRule => 'alert' in r),
    severityOf: (labels) => (labels.severity === 'critical' ? 'page' : labels.severity === 'warning' ? 'ticket' : 'none'),
    aftermathSecondsOf: (labels) => (labels.short ? parseDuration(labels.short) : 0),
  };
}
