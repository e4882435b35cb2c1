/**
 * Detection time of sloforge's burn-rate alerts against the SRE Workbook, measured with promtool:
 * three days of healthy traffic, then a constant error ratio, for 99.9% and 99% objectives over
 * 30d. The time each tier first fires is read from promtool's own ALERTS series; the Workbook's
 * time for a tier with threshold t over long window W at error ratio e is t × W / e (never when
 * e ≤ t). A steady 1× burn (e = the budget) must never page.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { compileCatalog } from '../src/compile.js';
import { sloRuleGroups } from '../src/emitters/prometheus/rule-groups.js';
import { resolveCatalog } from '../src/model/resolve.js';
import { availabilityCatalog } from './availability.js';
import { untiledPlan } from './variants.js';

const TIERS = [
  { alert: 'SLOBurnRate1h5m', factor: 14.4, longMinutes: 60, severity: 'page' },
  { alert: 'SLOBurnRate6h30m', factor: 6, longMinutes: 360, severity: 'page' },
  { alert: 'SLOBurnRate1d2h', factor: 3, longMinutes: 1440, severity: 'ticket' },
  { alert: 'SLOBurnRate3d6h', factor: 1, longMinutes: 4320, severity: 'ticket' },
];
/** Three days of healthy traffic first: the Workbook's times assume the long windows were full of it. */
const ERRORS_FROM = 3 * 1440;
const RUN_MINUTES = ERRORS_FROM + 3 * 1440 + 360;

export interface DetectionRow {
  objective: number;
  /** Error ratio during the burn, and the burn rate it is. */
  errorRatio: number;
  burnRate: number;
  tiers: Array<{ alert: string; severity: string; measuredMinutes?: number; workbookMinutes?: number }>;
}

export function detectionTimes(variant: 'generated' | 'untiled' = 'generated'): DetectionRow[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'sloforge-detection-'));
  try {
    const rows: DetectionRow[] = [];
    for (const objective of [99.9, 99]) {
      const budget = (100 - objective) / 100;
      const spec = availabilityCatalog({ metric: 'requests_total', below: `${Number((100 - objective).toFixed(3))}%` });
      const rulesFile = path.join(dir, `rules-${objective}.yml`);
      if (variant === 'untiled') writeFileSync(rulesFile, stringify({ groups: sloRuleGroups(untiledPlan(resolveCatalog(spec).instances[0]!)) }));
      else writeFileSync(rulesFile, compileCatalog(spec).files.find((f) => f.path.endsWith('.rules.yml'))!.content);
      for (const errorRatio of [1, 0.1, 0.02, 0.005, budget]) {
        const bad = errorRatio * 1000;
        const test = {
          rule_files: [path.basename(rulesFile)],
          evaluation_interval: '1m',
          tests: [
            {
              interval: '1m',
              input_series: [
                { series: 'requests_total{code="200"}', values: `0+1000x${ERRORS_FROM - 1} ${1000 * ERRORS_FROM}+${1000 - bad}x${RUN_MINUTES - ERRORS_FROM}` },
                { series: 'requests_total{code="500"}', values: `0x${ERRORS_FROM - 1} 0+${bad}x${RUN_MINUTES - ERRORS_FROM}` },
              ],
              // The first firing of each tier, in minutes: the value is reported in promtool's failure message.
              promql_expr_test: TIERS.map((tier) => ({
                expr: `(min_over_time(timestamp(ALERTS{alertname="${tier.alert}",alertstate="firing"})[${RUN_MINUTES}m:1m]) - ${ERRORS_FROM * 60}) / 60`,
                eval_time: `${RUN_MINUTES}m`,
                exp_samples: [{ labels: '{}', value: -1 }],
              })),
            },
          ],
        };
        const file = path.join(dir, `case-${objective}-${errorRatio}.test.yml`);
        writeFileSync(file, stringify(test));
        const run = spawnSync('promtool', ['test', 'rules', file], { encoding: 'utf8', cwd: dir });
        const output = run.stdout + run.stderr;
        rows.push({
          objective,
          errorRatio,
          burnRate: errorRatio / budget,
          tiers: TIERS.map((tier) => {
            const block = output.split('expr: ').find((b) => b.includes(`alertname=\\"${tier.alert}\\"`)) ?? '';
            const got = /got: \{[^}]*\} (\S+)/.exec(block);
            const threshold = tier.factor * budget;
            return {
              alert: tier.alert,
              severity: tier.severity,
              measuredMinutes: got ? Number(got[1]) : undefined,
              workbookMinutes: errorRatio > threshold ? (threshold * tier.longMinutes) / errorRatio : undefined,
            };
          }),
        });
      }
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
