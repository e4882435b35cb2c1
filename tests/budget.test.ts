import { describe, expect, it } from 'vitest';
import { allowedBudget, budgetSpentBeforeFiring, burnRateForExhaustion, CALENDAR_MONTH, detectionTime, resetTime, timeToExhaustion } from '../src/model/budget.js';
import { burnRateTiers } from '../src/model/burn-rate.js';
import { Rational } from '../src/model/decimal.js';
import { humanDuration } from '../src/model/duration.js';

const DAY = 86400;
const objective = (text: string) => Rational.parse(text);
const budgetOf = (text: string) => Rational.parse(1).sub(Rational.parse(text));

describe('allowed budget', () => {
  it('reproduces the success criteria: 95%/7d, 99%/30d, 99.9%/30d', () => {
    expect(humanDuration(allowedBudget(objective('0.95'), 7 * DAY).perPeriodSeconds)).toBe('8h24m');
    expect(humanDuration(allowedBudget(objective('0.99'), 30 * DAY).perPeriodSeconds)).toBe('7h12m');
    expect(humanDuration(allowedBudget(objective('0.999'), 30 * DAY).perPeriodSeconds)).toBe('43m12s');
  });

  it('gives the calendar-month, week and day figures', () => {
    const b = allowedBudget(objective('0.99'), 30 * DAY);
    expect(CALENDAR_MONTH / DAY).toBeCloseTo(30.436875, 9);
    expect(humanDuration(b.perCalendarMonthSeconds)).toBe('7h18m');
    expect(humanDuration(b.perWeekSeconds)).toBe('1h40m');
    expect(humanDuration(b.perDaySeconds)).toBe('14m24s');
    expect(humanDuration(allowedBudget(objective('0.999'), 30 * DAY).perCalendarMonthSeconds)).toBe('43m50s');
    expect(allowedBudget(objective('0.95'), 7 * DAY).share).toBeCloseTo(0.05, 12);
  });
});

describe('burn rate and time to exhaustion', () => {
  it('maps 1×, 2×, 10× and 1000× to 30d, 15d, 3d and 43m12s for 30d', () => {
    const period = 30 * DAY;
    expect(timeToExhaustion(1, period)).toBe(30 * DAY);
    expect(timeToExhaustion(2, period)).toBe(15 * DAY);
    expect(timeToExhaustion(10, period)).toBe(3 * DAY);
    expect(humanDuration(timeToExhaustion(1000, period))).toBe('43m12s');
    expect(timeToExhaustion(0, period)).toBe(Infinity);
    expect(burnRateForExhaustion(3 * DAY, period)).toBeCloseTo(10, 12);
  });
});

describe('tiers: budget spent, detection and reset', () => {
  const tiers = burnRateTiers(budgetOf('0.999'), 30 * DAY, 'page-and-ticket');

  it('spends 2%, 5%, 10%, 10% of the budget before each tier fires', () => {
    expect(tiers.map((t) => Number(budgetSpentBeforeFiring(t, 30 * DAY).toFixed(6)))).toEqual([0.02, 0.05, 0.1, 0.1]);
  });

  it('detects a full outage of a 99.9% SLO in 52s, 2m10s, 4m19s and 4m19s (Workbook: threshold × window / error rate)', () => {
    expect(tiers.map((t) => humanDuration(detectionTime(t, 1)))).toEqual(['52s', '2m10s', '4m19s', '4m19s']);
    expect(detectionTime(tiers[0], 0.01)).toBe(Infinity); // 1% errors never reach 1.44%
    expect(detectionTime(tiers[3], 0.01)).toBeCloseTo(0.1 * 3 * DAY, 6); // 1× tier: 10% of 3d at 10× burn
  });

  it('resets within the short window once errors stop', () => {
    expect(tiers.map((t) => resetTime(t))).toEqual([300, 1800, 7200, 21600]);
  });
});

describe('sloforge budget (CLI)', () => {
  it('reproduces the success criteria downtime for 95%/7d, 99%/30d and 99.9%/30d, and the planned maintenance check', async () => {
    const { sloforge } = await import('./helpers/tools.js');
    const result = sloforge(['budget', '--format', 'json']);
    expect(result.status, result.stderr).toBe(0);
    const { slos, notes } = JSON.parse(result.stdout) as { slos: Array<Record<string, unknown>>; notes: string[] };
    expect(slos).toContainEqual(expect.objectContaining({ slo: 'uptime', env: 'staging', objective: '95%', allowedPerPeriod: '8h24m', plannedMaintenance: '4h per 7d', maintenanceFits: true }));
    expect(slos).toContainEqual(expect.objectContaining({ slo: 'uptime', env: 'production', objective: '99%', allowedPerPeriod: '7h12m', futureObjective: '99.9% (GA)', futureAllowedPerPeriod: '43m12s', allowedPerCalendarMonth: '7h18m' }));
    expect(notes.join('\n')).toMatch(/calendar month averages 30\.44 days/);
    const markdown = sloforge(['budget', '--format', 'markdown']);
    expect(markdown.stdout).toContain('| kimberly | uptime | production | 99% | 99.9% (GA) | 30d | 1% | 7h12m | 43m12s |');
    const { readFileSync } = await import('node:fs');
    expect(readFileSync('generated/BUDGETS.md', 'utf8')).toBe(markdown.stdout);
  });
});
