/** A local Prometheus over a backfilled TSDB, and rule sets arranged for replaying: shared by the benchmarks. */
import { spawn, type ChildProcess } from 'node:child_process';
import type { AlertingRule, RecordingRule } from '../src/emitters/prometheus/rule-types.js';
import { freePort } from '../src/history/replay-engine.js';

export async function startPrometheus(dataDir: string, config: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(
    'prometheus',
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${dataDir}`,
      '--storage.tsdb.retention.time=100y',
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=error',
    ],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 1500; i += 1) {
    if (
      await fetch(`${url}/-/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { child, url };
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('Prometheus did not start');
}

export async function stopPrometheus(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Recording rules by dependency level (level 0 reads raw series only). */
export function ruleLevels(rules: RecordingRule[]): RecordingRule[][] {
  const level = new Map<RecordingRule, number>();
  const of = (rule: RecordingRule): number => {
    if (level.has(rule)) return level.get(rule)!;
    const deps = rules.filter((r) => r !== rule && rule.expr.includes(`${r.record}{`));
    const value = deps.length ? 1 + Math.max(...deps.map(of)) : 0;
    level.set(rule, value);
    return value;
  };
  const out: RecordingRule[][] = [];
  for (const rule of rules) (out[of(rule)] ??= []).push(rule);
  return out.filter(Boolean);
}

/** Rules with every recorded name prefixed, so that several rule sets live in one Prometheus. */
export function prefixRules<R extends RecordingRule | AlertingRule>(rules: R[], prefix: string, names: string[]): R[] {
  const rename = (expr: string) => names.reduce((e, name) => e.split(`${name}{`).join(`${prefix}${name}{`), expr);
  return rules.map((rule) =>
    'record' in rule ? { ...rule, record: `${prefix}${rule.record}`, expr: rename(rule.expr) } : { ...rule, expr: rename(rule.expr) },
  );
}

/** The recording rules the alerts read, directly or through other recording rules. */
export function rulesReadByAlerts(recording: RecordingRule[], alerts: AlertingRule[]): RecordingRule[] {
  const needed = new Set<RecordingRule>();
  const visit = (expr: string) => {
    for (const rule of recording)
      if (!needed.has(rule) && expr.includes(`${rule.record}{`)) {
        needed.add(rule);
        visit(rule.expr);
      }
  };
  for (const alert of alerts) visit(alert.expr);
  return recording.filter((r) => needed.has(r));
}

/**
 * Alerts that read only recording rules over raw series, with each recorded series replaced by
 * its rule's expression (its labels added with label_replace): at each evaluation the alert sees
 * what the recording rules computed at that same instant, as when they run earlier in its group.
 * Undefined when a rule reads another's output or two rules record one name.
 */
export function inlineRecorded(alerts: AlertingRule[], recording: RecordingRule[]): AlertingRule[] | undefined {
  const names = recording.map((r) => r.record);
  if (new Set(names).size !== names.length) return undefined;
  if (recording.some((r) => names.some((n) => r.expr.includes(`${n}{`)))) return undefined;
  const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  const inlined = (rule: RecordingRule) =>
    Object.entries(rule.labels).reduce((expr, [k, v]) => `label_replace(${expr}, "${k}", "${escape(v)}", "", "")`, `(${rule.expr})`);
  return alerts.map((alert) => ({
    ...alert,
    expr: recording.reduce(
      (expr, rule) => expr.replace(new RegExp(`${rule.record.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\{[^}]*\\}`, 'g'), () => inlined(rule)),
      alert.expr,
    ),
  }));
}
