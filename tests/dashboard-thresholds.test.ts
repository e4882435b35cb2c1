/**
 * The dashboard draws exactly the thresholds the alerts use: for every Kimberly instance, the
 * burn-rate panel's tier query, resolved against the emitted rule file, yields one line per
 * burn-rate alert, with the alert's severity and windows and a factor × budget equal to the
 * alert's threshold. Read from the emitted files, not from the plan.
 */
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { AlertingRule, RecordingRule, RuleGroup } from '../src/emitters/prometheus/rule-types.js';
import { compiled } from './helpers/kimberly.js';

interface Target {
  expr: string;
  legendFormat?: string;
}
interface Panel {
  title?: string;
  targets?: Target[];
}

const dashboard = JSON.parse(compiled.files.find((f) => f.path.endsWith('kimberly-slos.json'))!.content) as { panels: Panel[] };
const burnPanel = dashboard.panels.find((p) => p.title === 'Burn rate by window')!;

/** `name{a="x",b="y"}` → its name and equality matchers (the dashboard writes no other kind). */
function selector(expr: string): { name: string; labels: Record<string, string> } {
  const match = /^([a-zA-Z_:][\w:]*)\{(.*)\}$/.exec(expr.trim());
  if (!match) throw new Error(`not a plain selector: ${expr}`);
  const labels = Object.fromEntries([...match[2].matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
  return { name: match[1], labels };
}

function rulesOf(slo: string, env: string): Array<RecordingRule | AlertingRule> {
  const file = compiled.files.find((f) => f.path === `alerts/kimberly/${env}/${slo}.rules.yml`)!;
  return (parse(file.content) as { groups: RuleGroup[] }).groups.flatMap((g) => g.rules);
}

/** The lines the panel's tier query draws for one SLO and environment: legend and value. */
function tierLines(slo: string, env: string): Array<{ legend: string; factor: number }> {
  const lines = burnPanel.targets!.filter((t) => t.legendFormat?.startsWith('threshold'));
  return lines.flatMap((target) => {
    const { name, labels } = selector(target.expr.replaceAll('$slo', slo).replaceAll('$env', env));
    return rulesOf(slo, env)
      .filter((r): r is RecordingRule => 'record' in r && r.record === name && Object.entries(labels).every(([k, v]) => r.labels[k] === v))
      .map((r) => ({
        legend: target.legendFormat!.replace(/\{\{(\w+)\}\}/g, (_, label: string) => r.labels[label] ?? ''),
        factor: Number(/^vector\(([\d.e+-]+)\)$/.exec(r.expr)![1]),
      }));
  });
}

describe('dashboard tier lines and alert thresholds', () => {
  const instances = compiled.model.instances;

  it.each(instances.map((i) => [i.sloId, i.env] as const))('%s in %s: one line per burn-rate alert, at its threshold and severity', (slo, env) => {
    const rules = rulesOf(slo, env);
    const budget = Number(/^vector\((.*)\)$/.exec((rules.find((r) => 'record' in r && r.record === 'slo:error_budget:ratio') as RecordingRule).expr)![1]);
    const alerts = rules.filter((r): r is AlertingRule => 'alert' in r && r.alert.startsWith('SLOBurnRate'));
    const lines = tierLines(slo, env);
    expect(lines).toHaveLength(alerts.length);
    for (const alert of alerts) {
      const threshold = Number(/ > ([\d.e+-]+)\n/.exec(`${alert.expr}\n`)![1]);
      const line = lines.find((l) => l.legend === `threshold ${alert.labels.severity} ${alert.annotations.burn_window}`);
      expect(line, `${alert.alert}: no line "threshold ${alert.labels.severity} ${alert.annotations.burn_window}"`).toBeDefined();
      expect(line!.factor * budget).toBeCloseTo(threshold, 9);
    }
    if (env === 'staging') expect(lines.filter((l) => l.legend.includes('page'))).toEqual([]);
  });

  it('draws 1.5× for chat-latency-p50 in production, where the alert pages above 75% slow requests', () => {
    expect(tierLines('chat-latency-p50', 'production')).toEqual([
      { legend: 'threshold page 1h/5m', factor: 1.5 },
      { legend: 'threshold page 6h/30m', factor: 1.5 },
      { legend: 'threshold ticket 1d/2h', factor: 1.5 },
      { legend: 'threshold ticket 3d/6h', factor: 1 },
    ]);
  });

  it('draws no line for SLOs without burn-rate alerts', () => {
    for (const slo of ['memory-corruption', 'meditation-duration-p95', 'meditation-freshness']) expect(tierLines(slo, 'production')).toEqual([]);
  });
});
