import { describe, expect, it } from 'vitest';
import { Rational } from '../src/core/decimal.js';
import { formatDuration } from '../src/core/format.js';
import { CALENDAR_MONTH } from '../src/core/time.js';
import { allowedBudget, timeToExhaustion } from '../src/model/budget.js';
import { expectedTiers } from '../src/emitters/promtool-tests/workbook-oracle.js';
import { compiled } from './helpers/kimberly.js';

const DAY = 86400;
const objective = (text: string) => Rational.parse(text);

describe('allowed budget', () => {
  it('reproduces the success criteria: 95%/7d, 99%/30d, 99.9%/30d', () => {
    expect(formatDuration(allowedBudget(objective('0.95'), 7 * DAY).perPeriodSeconds)).toBe('8h24m');
    expect(formatDuration(allowedBudget(objective('0.99'), 30 * DAY).perPeriodSeconds)).toBe('7h12m');
    expect(formatDuration(allowedBudget(objective('0.999'), 30 * DAY).perPeriodSeconds)).toBe('43m12s');
  });

  it('gives the calendar-month, week and day figures', () => {
    const b = allowedBudget(objective('0.99'), 30 * DAY);
    expect(CALENDAR_MONTH / DAY).toBeCloseTo(30.436875, 9);
    expect(formatDuration(b.perCalendarMonthSeconds)).toBe('7h18m');
    expect(formatDuration(b.perWeekSeconds)).toBe('1h40m');
    expect(formatDuration(b.perDaySeconds)).toBe('14m24s');
    expect(formatDuration(allowedBudget(objective('0.999'), 30 * DAY).perCalendarMonthSeconds)).toBe('43m50s');
    expect(allowedBudget(objective('0.95'), 7 * DAY).share).toBeCloseTo(0.05, 12);
  });
});

describe('burn rate and time to exhaustion', () => {
  it('maps 1×, 2×, 10× and 1000× to 30d, 15d, 3d and 43m12s for 30d', () => {
    const period = 30 * DAY;
    expect(timeToExhaustion(1, period)).toBe(30 * DAY);
    expect(timeToExhaustion(2, period)).toBe(15 * DAY);
    expect(timeToExhaustion(10, period)).toBe(3 * DAY);
    expect(formatDuration(timeToExhaustion(1000, period))).toBe('43m12s');
    expect(timeToExhaustion(0, period)).toBe(Infinity);
  });
});

describe('the Workbook oracle of the generated tests', () => {
  const plan = (slo: string, env: string) => compiled.model.instances.find((i) => i.sloId === slo && i.env === env)!;

  it('detects a full outage of a 99% SLO in 8m38s, 21m36s, 43m12s and 43m12s (Workbook: threshold × long window)', () => {
    const tiers = expectedTiers(plan('api-errors-5xx', 'production'));
    expect(tiers.map((t) => [t.alert, t.factor.toDecimal(), t.severity, formatDuration(t.fullOutageDetectionSeconds)])).toEqual([
      ['SLOBurnRate1h5m', '14.4', 'page', '8m38s'],
      ['SLOBurnRate6h30m', '6', 'page', '21m36s'],
      ['SLOBurnRate1d2h', '3', 'ticket', '43m12s'],
      ['SLOBurnRate3d6h', '1', 'ticket', '43m12s'],
    ]);
  });

  it('scales to 7d in staging and never pages there', () => {
    const tiers = expectedTiers(plan('api-errors-5xx', 'staging'));
    expect(tiers.map((t) => [t.factor.toDecimal(4), t.severity])).toEqual([
      ['3.36', 'ticket'],
      ['1.4', 'ticket'],
      ['0.7', 'ticket'],
      ['0.2333', 'ticket'],
    ]);
  });

  it('replaces tiers a p50 cannot reach by 75% bad events', () => {
    expect(expectedTiers(plan('chat-latency-p50', 'production')).map((t) => t.threshold.toDecimal())).toEqual(['0.75', '0.75', '0.75', '0.5']);
  });
});

describe('sloforge budget (CLI)', () => {
  it('reproduces the success criteria downtime for 95%/7d, 99%/30d and 99.9%/30d, and the planned maintenance check', async () => {
    const { sloforge } = await import('./helpers/tools.js');
    const result = sloforge(['budget', '--format', 'json']);
    expect(result.status, result.stderr).toBe(0);
    const { slos, notes } = JSON.parse(result.stdout) as { slos: Array<Record<string, unknown>>; notes: string[] };
    expect(slos).toContainEqual(
      expect.objectContaining({
        slo: 'uptime',
        env: 'staging',
        objective: '95%',
        allowedPerPeriod: '8h24m',
        plannedMaintenance: '4h per 7d',
        maintenanceFits: true,
      }),
    );
    expect(slos).toContainEqual(
      expect.objectContaining({
        slo: 'uptime',
        env: 'production',
        objective: '99%',
        allowedPerPeriod: '7h12m',
        futureObjective: '99.9% (GA)',
        futureAllowedPerPeriod: '43m12s',
        allowedPerCalendarMonth: '7h18m',
      }),
    );
    expect(notes.join('\n')).toMatch(/calendar month averages 30\.44 days/);
    const markdown = sloforge(['budget', '--format', 'markdown']);
    expect(markdown.stdout).toContain('| kimberly | uptime | production | 99% | 99.9% (GA) | 30d | 1% | 7h12m | 43m12s |');
    const { readFileSync } = await import('node:fs');
    expect(readFileSync('generated/BUDGETS.md', 'utf8')).toBe(markdown.stdout);
  });
});
