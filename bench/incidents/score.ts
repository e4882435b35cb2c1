/**
 * The corpus's alerts scored per tool with `sloforge backtest --incidents`'s own scorer
 * (src/history/incidents.ts): recall, precision, detection against the Workbook's time, the budget
 * spent before the first alert, reset after the incident's end, and false pages per 30 days of
 * healthy traffic.
 */
import { scoreIncidents, type Incident } from '../../src/history/incidents.js';
import { OBJECTIVES, PERIOD_MINUTES, WARMUP_MINUTES, type Deserved, type IncidentKind, type Scenario, type Sli } from './corpus.js';
import { CORPUS_START, type ReplayedEpisode } from './replay.js';
import type { Tool } from './rule-sets.js';

/** The Workbook's tiers for a 30d period: factor of the budget, long window in minutes, and what it sends. */
const WORKBOOK_TIERS = [
  { factor: 14.4, longMinutes: 60, shortMinutes: 5, severity: 'page' },
  { factor: 6, longMinutes: 360, shortMinutes: 30, severity: 'page' },
  { factor: 3, longMinutes: 1440, shortMinutes: 120, severity: 'ticket' },
  { factor: 1, longMinutes: 4320, shortMinutes: 360, severity: 'ticket' },
] as const;

/**
 * The Workbook's detection time on the incident's own data, in minutes from its start: the first
 * minute at which one of its tiers (of the deserved severity, or a page for a ticket) sees both its
 * windows' error ratio, counted from the raw events of the minutes they hold, above factor × budget.
 * What an ideal evaluation of the Workbook's rule at every minute would do; on steady traffic with a
 * constant ratio e it is threshold × long window / e. Undefined when no tier would fire by the
 * incident's end plus the tier's short window.
 */
export function workbookMinutes(
  counts: { total: number[]; bad: number[] },
  incident: { start: number; end: number; deserves: Deserved },
  budget: number,
): number | undefined {
  if (incident.deserves === 'none') return undefined;
  const prefix = (values: number[]) => values.reduce<number[]>((sums, v) => (sums.push(sums[sums.length - 1] + v), sums), [0]);
  const total = prefix(counts.total);
  const bad = prefix(counts.bad);
  // The ratio over the `minutes` minutes that end with minute m (inclusive).
  const ratio = (m: number, minutes: number) => {
    const from = Math.max(0, m + 1 - minutes);
    const events = total[m + 1] - total[from];
    return events > 0 ? (bad[m + 1] - bad[from]) / events : 0;
  };
  let first: number | undefined;
  for (const tier of WORKBOOK_TIERS.filter((t) => incident.deserves === 'ticket' || t.severity === 'page')) {
    const threshold = tier.factor * budget;
    for (let m = incident.start; m < Math.min(counts.total.length, incident.end + tier.shortMinutes); m += 1)
      if (ratio(m, tier.longMinutes) > threshold && ratio(m, tier.shortMinutes) > threshold) {
        if (first === undefined || m < first) first = m;
        break;
      }
  }
  return first === undefined ? undefined : first - incident.start;
}

export interface IncidentResult {
  scenario: string;
  sli: Sli;
  shape: string;
  level: number;
  kind: IncidentKind;
  deserves: Deserved;
  budgetSpent: number;
  workbookMinutes?: number;
  byTool: Record<
    Tool,
    {
      got: Deserved;
      met: boolean;
      detectionMinutes?: number;
      spentAtDetection?: number;
      /** From the incident's end to the last alert of the deserved severity (or stronger) resolving; null while one still fires. */
      resetMinutes?: number | null;
      /** How long after its short window (the aftermath) the last of those alerts resolved. */
      resetBeyondShortWindowMinutes?: number | null;
      alerts: number;
      explained: number;
    }
  >;
}

export interface HealthyResult {
  scenario: string;
  sli: Sli;
  level: number;
  noise: number;
  days: number;
  byTool: Record<Tool, { pages: number; tickets: number; pagesPer30d: number; ticketsPer30d: number }>;
}

export interface CorpusScore {
  incidents: IncidentResult[];
  healthy: HealthyResult[];
}

const minutesOf = (t: number) => (t - CORPUS_START) / 60;

export function scoreCorpus(scenarios: Scenario[], episodes: ReplayedEpisode[], tools: Tool[]): CorpusScore {
  const withIncident = scenarios.filter((s) => s.incident);
  const incidents: Incident[] = withIncident.map((s) => ({
    name: s.id,
    slo: s.id,
    start: CORPUS_START + s.incident!.start * 60,
    end: CORPUS_START + s.incident!.end * 60,
    deserves: s.incident!.deserves,
  }));
  const scores = new Map(
    tools.map((tool) => {
      const own = episodes.filter((e) => e.tool === tool && withIncident.some((s) => s.id === e.scenario));
      return [tool, scoreIncidents(own, incidents, (e) => (e as ReplayedEpisode).aftermathSeconds)] as const;
    }),
  );
  const incidentResults = withIncident.map((s): IncidentResult => {
    const incident = s.incident!;
    const budget = 1 - OBJECTIVES[s.sli];
    const periodBudget = budget * s.level * 60 * PERIOD_MINUTES;
    const sum = (values: number[], from: number, to: number) => values.slice(from, to).reduce((a, b) => a + b, 0);
    const byTool = Object.fromEntries(
      tools.map((tool) => {
        const score = scores.get(tool)!;
        const outcome = score.incidents.find((o) => o.name === s.id)!;
        const slo = score.bySlo.find((b) => b.slo === s.id);
        const detection = outcome.detectionSeconds === undefined ? undefined : outcome.detectionSeconds / 60;
        const start = CORPUS_START + incident.start * 60;
        const end = CORPUS_START + incident.end * 60;
        const deserved = episodes.filter(
          (e) =>
            e.tool === tool &&
            e.scenario === s.id &&
            (incident.deserves === 'page' ? e.severity === 'page' : e.severity !== 'none') &&
            e.firedAt <= end + e.aftermathSeconds &&
            (e.resolvedAt === undefined || e.resolvedAt > start),
        );
        const stillFiring = deserved.some((e) => e.resolvedAt === undefined);
        const reset = deserved.length === 0 ? undefined : stillFiring ? null : (Math.max(...deserved.map((e) => e.resolvedAt!)) - end) / 60;
        const beyond =
          deserved.length === 0 ? undefined : stillFiring ? null : Math.max(...deserved.map((e) => e.resolvedAt! - (end + e.aftermathSeconds))) / 60;
        return [
          tool,
          {
            got: outcome.got,
            met: outcome.met,
            detectionMinutes: detection,
            spentAtDetection: detection === undefined ? undefined : sum(s.bad, incident.start, incident.start + Math.round(detection)) / periodBudget,
            resetMinutes: reset,
            resetBeyondShortWindowMinutes: beyond,
            alerts: slo?.alerts ?? 0,
            explained: slo?.explained ?? 0,
          },
        ];
      }),
    ) as IncidentResult['byTool'];
    return {
      scenario: s.id,
      sli: s.sli,
      shape: s.shape,
      level: s.level,
      kind: incident.kind,
      deserves: incident.deserves,
      budgetSpent: incident.budgetSpent,
      workbookMinutes: workbookMinutes(s, incident, budget),
      byTool,
    };
  });
  const healthy = scenarios
    .filter((s) => !s.incident)
    .map((s): HealthyResult => {
      const days = (s.minutes - WARMUP_MINUTES) / 1440;
      const byTool = Object.fromEntries(
        tools.map((tool) => {
          const own = episodes.filter((e) => e.tool === tool && e.scenario === s.id && minutesOf(e.firedAt) >= WARMUP_MINUTES);
          const pages = own.filter((e) => e.severity === 'page').length;
          const tickets = own.filter((e) => e.severity === 'ticket').length;
          return [tool, { pages, tickets, pagesPer30d: (pages * 30) / days, ticketsPer30d: (tickets * 30) / days }];
        }),
      ) as HealthyResult['byTool'];
      return { scenario: s.id, sli: s.sli, level: s.level, noise: s.noise, days, byTool };
    });
  return { incidents: incidentResults, healthy };
}
