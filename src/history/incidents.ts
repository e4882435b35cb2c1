/**
 * A backtest scored against labelled incidents (a team's postmortems, or a corpus): which incidents
 * got the alert they deserve (recall), which alerts belong to an incident (precision), how long each
 * took to alert (detection) and to resolve after it ended (reset), and the pages no incident explains.
 *
 * An alert belongs to an incident of its SLO when it is firing at some time between the incident's
 * start and its end plus the alert's aftermath: a burn-rate tier stays above its line while its short
 * window still holds the incident, so a tier's aftermath is its short window. An alert that belongs
 * to several incidents is counted for the latest to start; it explains an alert (precision) when
 * any incident it belongs to deserves one.
 */
import { parse } from 'yaml';
import { z } from 'zod';
import { UserError } from '../core/errors.js';
import { formatDuration } from '../core/format.js';
import { renderMarkdown, renderTable, type Column, type ReportFormat } from '../core/table.js';
import { parseDuration } from '../core/duration.js';
import { tierAlertName } from '../model/conventions.js';
import type { SloPlan } from '../model/types.js';
import type { BacktestEpisode } from './backtest.js';

type Deserved = 'page' | 'ticket' | 'none';

export interface Incident {
  name: string;
  slo: string;
  service?: string;
  env?: string;
  /** Unix seconds. */
  start: number;
  end: number;
  /** The alert the incident deserves: page (2% of a 30d budget in an hour, or 5% in six), ticket (10% in a day or three), or none. */
  deserves: Deserved;
}

const Time = z.union([z.number(), z.string()]);
const IncidentShape = z.strictObject({
  name: z.string().min(1),
  slo: z.string().min(1),
  service: z.string().min(1).optional(),
  env: z.string().min(1).optional(),
  start: Time,
  end: Time,
  deserves: z.enum(['page', 'ticket', 'none']),
});
const FileShape = z.strictObject({ incidents: z.array(z.unknown()) });

/** A time as the CLI takes it (RFC 3339 or Unix seconds), or undefined. */
function timeOf(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const ms = /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value);
  return Number.isFinite(ms) ? ms / 1000 : undefined;
}

/** The incidents of a YAML or JSON file `{ incidents: [...] }`; a bad one is refused naming the file, the incident and the field. */
export function parseIncidents(text: string, file: string): Incident[] {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new UserError(`${file}: not YAML or JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  const top = FileShape.safeParse(document);
  if (!top.success) throw new UserError(`${file}: field "incidents": a list of incidents ({ name, slo, start, end, deserves }) is expected`);
  return top.data.incidents.map((raw, index) => {
    const name = typeof (raw as { name?: unknown })?.name === 'string' ? ` (${JSON.stringify((raw as { name: string }).name)})` : '';
    const where = `${file}: incidents[${index}]${name}`;
    const parsed = IncidentShape.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UserError(`${where}: field "${issue.path.join('.') || '(the incident)'}": ${issue.message}`);
    }
    const start = timeOf(parsed.data.start);
    const end = timeOf(parsed.data.end);
    if (start === undefined) throw new UserError(`${where}: field "start": not a time (RFC 3339 or Unix seconds)`);
    if (end === undefined) throw new UserError(`${where}: field "end": not a time (RFC 3339 or Unix seconds)`);
    if (end < start) throw new UserError(`${where}: field "end": before the start`);
    return { ...parsed.data, start, end };
  });
}

interface IncidentOutcome {
  name: string;
  slo: string;
  deserves: Deserved;
  /** The strongest alert it got: page, ticket or none. */
  got: Deserved;
  /** Got what it deserves (a page counts for a ticket); for an incident that deserves none, got none. */
  met: boolean;
  /** From the start to the first alert of the deserved severity (or stronger); undefined when none came. */
  detectionSeconds?: number;
  /** Share of the budget spent when that alert fired, as the backtest measured it. */
  budgetSpentAtDetection?: number;
  /** From the end to the last of its alerts resolving; null when one still fires at the backtest's end, undefined without alerts. */
  resetSeconds?: number | null;
  alerts: number;
}

interface ScoreTally {
  /** Incidents that deserve an alert, and those that got it. */
  incidents: number;
  detected: number;
  recall: number | null;
  alerts: number;
  /** Alerts that belong to an incident deserving an alert. */
  explained: number;
  precision: number | null;
  /** Pages that belong to no incident deserving an alert. */
  falsePages: number;
  medianDetectionSeconds: number | null;
  medianResetSeconds: number | null;
}

export interface IncidentScore {
  incidents: IncidentOutcome[];
  total: ScoreTally;
  bySlo: Array<{ slo: string } & ScoreTally>;
  byAlert: Array<{ alert: string; alerts: number; explained: number; precision: number | null; falsePages: number }>;
}

const RANK: Record<Deserved, number> = { none: 0, ticket: 1, page: 2 };

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

function concerns(incident: Incident, episode: BacktestEpisode): boolean {
  return (
    episode.labels.slo === incident.slo &&
    (incident.service === undefined || episode.labels.service === incident.service) &&
    (incident.env === undefined || episode.labels.env === incident.env)
  );
}

/**
 * Scores the episodes against the incidents. `aftermathOf` gives an alert's aftermath in seconds
 * (a burn-rate tier's short window); an episode still firing at the end has no resolvedAt.
 */
export function scoreIncidents(episodes: BacktestEpisode[], incidents: Incident[], aftermathOf: (episode: BacktestEpisode) => number): IncidentScore {
  const belongs = (incident: Incident, e: BacktestEpisode) =>
    concerns(incident, e) && e.firedAt <= incident.end + aftermathOf(e) && (e.resolvedAt === undefined || e.resolvedAt > incident.start);
  // Each alert is one incident's: the latest to start of those it belongs to (a slow tier firing
  // during a second incident, its short window still holding the first, is the second's).
  const ownerOf = new Map<BacktestEpisode, Incident>();
  for (const e of episodes) {
    const candidates = incidents.filter((i) => belongs(i, e)).sort((x, y) => x.start - y.start);
    const owner = candidates.filter((i) => i.start <= e.firedAt).pop() ?? candidates[0];
    if (owner) ownerOf.set(e, owner);
  }
  const outcomes = incidents.map((incident): IncidentOutcome => {
    const own = episodes.filter((e) => ownerOf.get(e) === incident);
    const got = own.reduce<Deserved>((best, e) => (RANK[e.severity as Deserved] > RANK[best] ? (e.severity as Deserved) : best), 'none');
    const met = incident.deserves === 'none' ? own.length === 0 : RANK[got] >= RANK[incident.deserves];
    const first =
      incident.deserves === 'none'
        ? undefined
        : own.filter((e) => RANK[e.severity as Deserved] >= RANK[incident.deserves]).sort((a, b) => a.firedAt - b.firedAt)[0];
    return {
      name: incident.name,
      slo: incident.slo,
      deserves: incident.deserves,
      got,
      met,
      ...(first ? { detectionSeconds: Math.max(0, first.firedAt - incident.start) } : {}),
      ...(first?.budgetSpent !== undefined ? { budgetSpentAtDetection: first.budgetSpent } : {}),
      ...(own.length ? { resetSeconds: own.some((e) => e.resolvedAt === undefined) ? null : Math.max(...own.map((e) => e.resolvedAt!)) - incident.end } : {}),
      alerts: own.length,
    };
  });
  const deserving = incidents.filter((i) => i.deserves !== 'none');
  const explains = (e: BacktestEpisode) => deserving.some((i) => belongs(i, e));
  const tally = (sloOf: (slo: string) => boolean): ScoreTally => {
    const mine = outcomes.filter((o) => o.deserves !== 'none' && sloOf(o.slo));
    const alerts = episodes.filter((e) => sloOf(e.labels.slo));
    const explained = alerts.filter(explains);
    return {
      incidents: mine.length,
      detected: mine.filter((o) => o.met).length,
      recall: ratio(mine.filter((o) => o.met).length, mine.length),
      alerts: alerts.length,
      explained: explained.length,
      precision: ratio(explained.length, alerts.length),
      falsePages: alerts.filter((e) => e.severity === 'page' && !explains(e)).length,
      medianDetectionSeconds: median(mine.flatMap((o) => (o.detectionSeconds === undefined ? [] : [o.detectionSeconds]))),
      medianResetSeconds: median(mine.flatMap((o) => (typeof o.resetSeconds === 'number' ? [o.resetSeconds] : []))),
    };
  };
  const slos = [...new Set([...incidents.map((i) => i.slo), ...episodes.map((e) => e.labels.slo)])].sort();
  const alertNames = [...new Set(episodes.map(alertName))].sort();
  return {
    incidents: outcomes,
    total: tally(() => true),
    bySlo: slos.map((slo) => ({ slo, ...tally((s) => s === slo) })),
    byAlert: alertNames.map((alert) => {
      const mine = episodes.filter((e) => alertName(e) === alert);
      const explained = mine.filter(explains).length;
      return {
        alert,
        alerts: mine.length,
        explained,
        precision: ratio(explained, mine.length),
        falsePages: mine.filter((e) => e.severity === 'page' && !explains(e)).length,
      };
    }),
  };
}

/** Each burn-rate alert's aftermath (its short window) from the plans; other alerts have none. */
export function tierAftermath(plans: SloPlan[]): (episode: BacktestEpisode) => number {
  const key = (service: string, slo: string, env: string, alert: string, longWindow = '') => [service, slo, env, alert, longWindow].join('\u0000');
  const seconds = new Map<string, number>();
  for (const plan of plans) {
    if (plan.alertPolicy.kind !== 'burn-rate') continue;
    for (const tier of plan.alertPolicy.tiers) {
      const longWindow = plan.alertIdentity.style === 'sloth' ? tier.longWindow : '';
      seconds.set(key(plan.service.name, plan.sloId, plan.env, tierAlertName(plan.alertIdentity, tier), longWindow), parseDuration(tier.shortWindow));
    }
  }
  return (e) => seconds.get(key(e.labels.service, e.labels.slo, e.labels.env, e.labels.alertname, e.labels.long_window)) ?? 0;
}

/** An alert's name, with its windows where several tiers share it (Sloth's identity). */
function alertName(e: BacktestEpisode): string {
  return e.labels.long_window ? `${e.labels.alertname} ${e.labels.long_window}/${e.labels.short_window}` : e.labels.alertname;
}

const percent = (share: number | null) => (share === null ? '-' : `${(share * 100).toFixed(0)}%`);
const duration = (seconds: number | null | undefined) =>
  seconds === null ? 'still firing' : seconds === undefined ? '-' : formatDuration(Math.max(0, seconds));

const OUTCOME_COLUMNS: Array<Column<IncidentOutcome>> = [
  { header: 'incident', value: (o) => o.name },
  { header: 'SLO', value: (o) => o.slo },
  { header: 'deserves', value: (o) => o.deserves },
  { header: 'got', value: (o) => o.got },
  { header: 'met', value: (o) => (o.met ? 'yes' : 'NO') },
  { header: 'detection', value: (o) => duration(o.detectionSeconds) },
  { header: 'budget spent then', value: (o) => (o.budgetSpentAtDetection === undefined ? '-' : `${(o.budgetSpentAtDetection * 100).toFixed(1)}%`) },
  { header: 'reset after its end', value: (o) => duration(o.resetSeconds) },
];

type TallyRow = { what: string } & ScoreTally;
const TALLY_COLUMNS: Array<Column<TallyRow>> = [
  { header: 'scope', value: (t) => t.what },
  { header: 'recall', value: (t) => `${percent(t.recall)} (${t.detected} of ${t.incidents})` },
  { header: 'precision', value: (t) => `${percent(t.precision)} (${t.explained} of ${t.alerts})` },
  { header: 'false pages', value: (t) => String(t.falsePages) },
  // A median over none is no answer: "-", never "still firing".
  { header: 'median detection', value: (t) => duration(t.medianDetectionSeconds ?? undefined) },
  { header: 'median reset', value: (t) => duration(t.medianResetSeconds ?? undefined) },
];

/** The score as Markdown or a table, after the backtest's own report. */
export function renderScore(score: IncidentScore, format: Exclude<ReportFormat, 'json'>): string {
  const markdown = format === 'markdown';
  const table = markdown ? renderMarkdown : renderTable;
  const heading = (text: string) => (markdown ? `### ${text}\n\n` : `${text}\n`);
  return [
    heading(`Scored against ${score.incidents.length} labelled incident${score.incidents.length === 1 ? '' : 's'}`),
    'Recall: incidents that got the alert they deserve (a page counts for a ticket). Precision: alerts firing during an incident that deserves one, or within their short window after it. False pages: the other pages.\n\n',
    table([{ what: 'all', ...score.total }, ...score.bySlo.map((s) => ({ what: s.slo, ...s }))], TALLY_COLUMNS),
    '\n',
    table(score.incidents, OUTCOME_COLUMNS),
  ].join('');
}
