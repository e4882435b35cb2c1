/**
 * Calendar periods: the rules that count a period from its start, under promtool, over the first
 * quarter of 1970 (promtool's clock starts at 1970-01-01 00:00 UTC). The 5m rates are given hour by
 * hour: 2 bad of 10 a second in January, 1 in February, none in March. A 31d window on March 1
 * reaches back into January (February has 28 days), two months back: still only March counts.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { validateCatalog } from '../src/catalog/validate.js';
import { compileCatalog } from '../src/compile.js';
import type { RecordingRule, RuleGroup } from '../src/emitters/prometheus/rule-types.js';
import { environment } from '../src/index.js';
import { fivexx, smallService } from './helpers/catalogs.js';
import { promtool, tempDir } from './helpers/tools.js';

function calendarRules(period: 'calendar-week' | 'calendar-month' | 'calendar-quarter', timeZone = 'UTC'): RecordingRule[] {
  const catalog = validateCatalog(
    { services: [smallService([fivexx()], { environments: [environment('production', { period, timeZone, alerting: 'page-and-ticket' })] })] },
    'calendar.ts',
  );
  return compileCatalog(catalog)
    .files.filter((f) => f.path.endsWith('.rules.yml'))
    .flatMap((f) => (parse(f.content) as { groups: RuleGroup[] }).groups.flatMap((g) => g.rules))
    .filter((r): r is RecordingRule => 'record' in r && /_calendar|ratio_calendar_period|slo:period:seconds|error_budget_remaining:ratio$/.test(r.record));
}

const HOURS = { jan: 31 * 24, feb: 28 * 24, mar: 31 * 24, apr: 10 * 24 };
const labels = 'service="shop",slo="e",env="production"';
const at = (day: number, hour = 12) => `${(day - 1) * 24 + hour}h`;

function run(period: 'calendar-week' | 'calendar-month' | 'calendar-quarter', checks: Array<{ at: string; ratio: number }>, timeZone = 'UTC') {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'calendar.rules.yml'), stringify({ groups: [{ name: 'calendar', rules: calendarRules(period, timeZone) }] }));
  const test = {
    rule_files: ['calendar.rules.yml'],
    evaluation_interval: '1h',
    tests: [
      {
        interval: '1h',
        input_series: [
          { series: `slo:sli_bad_events:rate5m{${labels}}`, values: `2x${HOURS.jan - 1} 1x${HOURS.feb - 1} 0x${HOURS.mar + HOURS.apr - 1}` },
          { series: `slo:sli_total_events:rate5m{${labels}}`, values: `10x${HOURS.jan + HOURS.feb + HOURS.mar + HOURS.apr - 1}` },
        ],
        promql_expr_test: checks.map((c) => ({
          expr: `slo:sli_error:ratio_calendar_period{${labels}}`,
          eval_time: c.at,
          exp_samples: [{ labels: `slo:sli_error:ratio_calendar_period{${labels}}`, value: c.ratio }],
        })),
      },
    ],
  };
  writeFileSync(path.join(dir, 'test.yml'), stringify(test));
  return promtool(['test', 'rules', 'test.yml'], dir);
}

describe('calendar periods count from the start of the period, under promtool', () => {
  it('months: January 20%, February 10%, March 1 (31 days back is January) 0%', () => {
    const result = run('calendar-month', [
      { at: at(20), ratio: 0.2 },
      { at: at(31 + 15), ratio: 0.1 },
      { at: at(31 + 28 + 1), ratio: 0 },
    ]);
    expect(result.stdout + result.stderr).toContain('SUCCESS');
  });

  it('quarters: the first quarter mixes January and February; April starts again', () => {
    // Jan 1 00:00 to Mar 1 12:00, hourly samples: 744 in January (2 bad), 672 in February (1 bad), 13 in March (0 bad).
    const result = run('calendar-quarter', [
      { at: at(31 + 28 + 1), ratio: (744 * 2 + 672 * 1) / ((744 + 672 + 13) * 10) },
      { at: at(31 + 28 + 31 + 2), ratio: 0 },
    ]);
    expect(result.stdout + result.stderr).toContain('SUCCESS');
  });

  it('weeks start on Monday (ISO 8601): 1970-02-01 was a Sunday, so its week began on Monday January 26', () => {
    // Sunday Feb 1 12:00: Jan 26-31 (144 hourly samples, 2 bad of 10) and Feb 1 00:00-12:00 (13 samples, 1 bad).
    // Monday Feb 2 01:00: a new week, the samples of 00:00 and 01:00 (1 bad of 10).
    // Thursday Jan 1 12:00 (the first week of 1970 began on Monday Dec 29): 13 samples, 2 bad of 10.
    const result = run('calendar-week', [
      { at: at(32), ratio: (144 * 2 + 13 * 1) / ((144 + 13) * 10) },
      { at: at(33, 1), ratio: 0.1 },
      { at: at(1), ratio: 0.2 },
    ]);
    expect(result.stdout + result.stderr).toContain('SUCCESS');
    // In -05:00, Monday Feb 2 01:00 UTC is still Sunday 20:00: the week began on Jan 26 at 05:00 UTC.
    // Jan 26 05:00 to Jan 31 23:00 is 139 samples (2 bad of 10), Feb 1 00:00 to Feb 2 01:00 is 26 (1 bad).
    const inMinusFive = run('calendar-week', [{ at: at(33, 1), ratio: (139 * 2 + 26 * 1) / ((139 + 26) * 10) }], '-05:00');
    expect(inMinusFive.stdout + inMinusFive.stderr).toContain('SUCCESS');
  });

  it('in a time zone: at 01:00 UTC on Feb 1, February began at 00:00 UTC, or at 22:00 UTC on Jan 31 in +02:00', () => {
    // UTC: the samples of 00:00 and 01:00 (1 bad of 10). +02:00: also those of Jan 31 22:00 and 23:00 (2 bad of 10).
    const inUtc = run('calendar-month', [{ at: at(32, 1), ratio: 0.1 }], 'UTC');
    expect(inUtc.stdout + inUtc.stderr).toContain('SUCCESS');
    const inPlusTwo = run('calendar-month', [{ at: at(32, 1), ratio: (2 + 2 + 1 + 1) / 40 }], '+02:00');
    expect(inPlusTwo.stdout + inPlusTwo.stderr).toContain('SUCCESS');
  });
});

describe('calendar periods in the catalog', () => {
  const shop = (env: Parameters<typeof environment>[1]) => () =>
    validateCatalog({ services: [smallService([fivexx()], { environments: [environment('production', env)] })] }, 'calendar.ts');

  it('refuse a time zone with daylight saving time, and a period that is neither a duration nor a calendar period', () => {
    expect(shop({ period: 'calendar-month', timeZone: 'Europe/Berlin', alerting: 'page-and-ticket' })).toThrow(
      /field "timeZone": must be UTC or a fixed offset such as \+01:00/,
    );
    expect(shop({ period: 'monthly', alerting: 'page-and-ticket' })).toThrow('or one of calendar-week, calendar-month, calendar-quarter');
  });

  it('scale burn-rate tiers to a nominal 30d: the Workbook page tier is 14.4× the budget', () => {
    const rules = calendarRules('calendar-month');
    expect(rules.some((r) => r.record === 'slo:sli_error:ratio_calendar_period')).toBe(true);
    const threshold = compileCatalog(shop({ period: 'calendar-month', alerting: 'page-and-ticket' })())
      .files.find((f) => f.path.endsWith('e.rules.yml'))!
      .content.match(/slo:sli_error:ratio_rate1h\{[^}]*\} > ([\d.]+)/)![1];
    expect(threshold).toBe('0.144');
  });
});
