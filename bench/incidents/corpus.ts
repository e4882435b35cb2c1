/**
 * The labelled incident corpus: minute-by-minute event counts for services of very different
 * traffic, each with at most one incident drawn on top, and the alert each incident deserves.
 * Deterministic: every random draw comes from a generator seeded by the scenario's id.
 *
 * - Traffic: steady, diurnal (10× between the quietest and the busiest hour), weekly (diurnal, with
 *   weekends at 40%), bursty (short 4× bursts), and the request counts of a real load balancer
 *   (NAB's elb_request_count_8c0756, MIT: see nab-elb-request-count.json), each scaled to a mean
 *   of 0.01 to 10,000 events per second. Events per minute are Poisson.
 * - Noise: bad events are binomial at 0.5× (or 0.9×) the budget's rate outside incidents, so
 *   healthy time is never error-free.
 * - Incidents: full outage, partial outages (10%, 2%), slow burns (3× for two days, 1.5× for
 *   three), flapping, a short spike that spends under 1% of the budget, and latency degradations.
 * - Labels: the share of a 30d budget each incident spent (its bad events over the budget of a
 *   period at the scenario's mean traffic), and the alert it deserves
 *   by the Workbook's rule: page when it spent 2% in an hour or 5% in six, ticket when 10% in a day
 *   or in three, else nothing.
 */
import { readFileSync } from 'node:fs';

export type Shape = 'steady' | 'diurnal' | 'weekly' | 'bursty' | 'nab-elb';
export type Sli = 'errors' | 'latency' | 'uptime';
export type IncidentKind =
  | 'full-outage'
  | 'partial-10pct'
  | 'partial-2pct'
  | 'slow-burn-3x'
  | 'slow-burn-1.5x'
  | 'flapping'
  | 'short-spike'
  | 'latency-degradation'
  | 'latency-slow-burn'
  | 'probe-outage'
  | 'probe-flapping'
  | 'probe-blip';
export type Deserved = 'page' | 'ticket' | 'none';

/**
 * The SLOs the corpus is scored against, all over 30d: availability 99.9%, latency 99% (bad: slower
 * than 300 ms), and uptime 99.5% of probes (one a minute, as a blackbox exporter scraped every minute).
 */
export const OBJECTIVES: Record<Sli, number> = { errors: 0.999, latency: 0.99, uptime: 0.995 };
/** Uptime scenarios' "level": one probe a minute. */
export const PROBES_PER_SECOND = 1 / 60;
export const PERIOD_MINUTES = 30 * 1440;
/** Three days of healthy traffic before anything is scored: every tier's long window holds history. */
export const WARMUP_MINUTES = 3 * 1440;
/** Incidents start at 14:00 on the fourth day (busy hours in the diurnal shapes). */
const INCIDENT_START = WARMUP_MINUTES + 14 * 60;
/** After an incident, a day of healthy traffic: every tier has reset by then. */
const AFTER_MINUTES = 1440;

interface IncidentDraw {
  sli: Sli;
  /** Minutes from its start, and the bad share of events at each minute within it. */
  minutes: number;
  badShare: (minute: number) => number;
}

/** What each incident kind does to the bad share, written from its name. */
export const INCIDENT_KINDS: Record<IncidentKind, IncidentDraw> = {
  'full-outage': { sli: 'errors', minutes: 20, badShare: () => 1 },
  'partial-10pct': { sli: 'errors', minutes: 60, badShare: () => 0.1 },
  'partial-2pct': { sli: 'errors', minutes: 180, badShare: () => 0.02 },
  'slow-burn-3x': { sli: 'errors', minutes: 2 * 1440, badShare: () => 3 * (1 - OBJECTIVES.errors) },
  'slow-burn-1.5x': { sli: 'errors', minutes: 3 * 1440, badShare: () => 1.5 * (1 - OBJECTIVES.errors) },
  // Half the requests fail for 3 minutes in every 10, for two hours.
  flapping: { sli: 'errors', minutes: 120, badShare: (m) => (m % 10 < 3 ? 0.5 : 0.5 * (1 - OBJECTIVES.errors)) },
  // 10% of requests fail for 2 minutes: under 1% of the budget in busy hours, which deserves nothing.
  'short-spike': { sli: 'errors', minutes: 2, badShare: () => 0.1 },
  'latency-degradation': { sli: 'latency', minutes: 60, badShare: () => 0.2 },
  'latency-slow-burn': { sli: 'latency', minutes: 2 * 1440, badShare: () => 3 * (1 - OBJECTIVES.latency) },
  // Every probe fails for 20 minutes: 20 of a month's 216 allowed failures.
  'probe-outage': { sli: 'uptime', minutes: 20, badShare: () => 1 },
  // 30% of probes fail for three hours (a flaky dependency behind the probed page).
  'probe-flapping': { sli: 'uptime', minutes: 180, badShare: () => 0.3 },
  // Two probes fail in a row: under 1% of the budget, which deserves nothing.
  'probe-blip': { sli: 'uptime', minutes: 2, badShare: () => 1 },
};

export interface LabelledIncident {
  kind: IncidentKind;
  /** Minutes from the scenario's start: [start, end). */
  start: number;
  end: number;
  /** Share of a 30d budget the incident's bad events spent, and its worst windows. */
  budgetSpent: number;
  worst: { '1h': number; '6h': number; '1d': number; '3d': number };
  deserves: Deserved;
}

export interface Scenario {
  id: string;
  sli: Sli;
  shape: Shape;
  /** Mean events per second. */
  level: number;
  /** Bad share outside incidents, as a multiple of the budget's rate. */
  noise: number;
  minutes: number;
  /** Events and bad events of each minute. */
  total: number[];
  bad: number[];
  incident?: LabelledIncident;
}

/** mulberry32: a small, well-mixed 32-bit generator. */
function random(seed: string): () => number {
  let a = 0x811c9dc5;
  for (const char of seed) a = Math.imul(a ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** Poisson draws: exact (Knuth) for small means, normal beyond (the error is far below the noise). */
function poisson(rand: () => number, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(rand)));
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rand(); p > limit; p *= rand()) k += 1;
  return k;
}

function binomial(rand: () => number, n: number, p: number): number {
  if (p >= 1) return n;
  if (n < 60) {
    let k = 0;
    for (let i = 0; i < n; i += 1) if (rand() < p) k += 1;
    return k;
  }
  if (n * p < 50) return Math.min(n, poisson(rand, n * p));
  return Math.min(n, Math.max(0, Math.round(n * p + Math.sqrt(n * p * (1 - p)) * normal(rand))));
}

let nabShape: number[] | undefined;
function nab(minute: number): number {
  nabShape ??= (JSON.parse(readFileSync(new URL('./nab-elb-request-count.json', import.meta.url), 'utf8')) as { shape: number[] }).shape;
  return nabShape[Math.floor(minute / 5) % nabShape.length];
}

/** The traffic shape's multiple of the mean at a minute (each shape averages 1 over its cycle). */
export function shapeAt(shape: Shape, minute: number, rand: () => number, burst: { until: number }): number {
  const hour = (minute % 1440) / 60;
  // 1 at 04:00, 10 at 16:00, averaging 5.5.
  const diurnal = (1 + 9 * (0.5 - 0.5 * Math.cos((2 * Math.PI * (hour - 4)) / 24))) / 5.5;
  switch (shape) {
    case 'steady':
      return 1;
    case 'diurnal':
      return diurnal;
    case 'weekly': {
      const weekend = Math.floor(minute / 1440) % 7 >= 5;
      return diurnal * (weekend ? 0.4 : (7 - 2 * 0.4) / 5);
    }
    case 'bursty': {
      // A 4× burst of 5 to 20 minutes starts about every two hours; the base makes the mean 1.
      if (minute >= burst.until && rand() < 1 / 120) burst.until = minute + 5 + Math.floor(rand() * 16);
      return minute < burst.until ? 4 * 0.9 : 0.9;
    }
    case 'nab-elb':
      return nab(minute);
  }
}

const WINDOWS = { '1h': 60, '6h': 360, '1d': 1440, '3d': 4320 } as const;

/** The Workbook's rule for what an incident deserves, from the share of the budget its worst windows spent. */
export function deserved(worst: LabelledIncident['worst']): Deserved {
  if (worst['1h'] >= 0.02 || worst['6h'] >= 0.05) return 'page';
  if (worst['1d'] >= 0.1 || worst['3d'] >= 0.1) return 'ticket';
  return 'none';
}

export interface ScenarioSpec {
  sli: Sli;
  shape: Shape;
  level: number;
  noise: number;
  kind?: IncidentKind;
}

/** A catalog id (kebab-case, at most 40 characters): e-diurnal-0p1-n50-full-outage, u-steady-1pm-n50-probe-outage. */
function scenarioId(spec: ScenarioSpec): string {
  const number = (n: number) => String(n).replace('.', 'p');
  return [
    spec.sli[0],
    spec.shape,
    spec.sli === 'uptime' ? `${Math.round(spec.level * 60)}pm` : number(spec.level),
    `n${Math.round(spec.noise * 100)}`,
    (spec.kind ?? 'healthy').replace('.', 'p'),
  ].join('-');
}

/** One scenario's counts and label. Healthy scenarios run a whole period after the warm-up. */
export function buildScenario(spec: ScenarioSpec): Scenario {
  const id = scenarioId(spec);
  const rand = random(id);
  const draw = spec.kind ? INCIDENT_KINDS[spec.kind] : undefined;
  const minutes = draw ? INCIDENT_START + draw.minutes + AFTER_MINUTES : WARMUP_MINUTES + PERIOD_MINUTES;
  const budget = 1 - OBJECTIVES[spec.sli];
  const healthyShare = spec.noise * budget;
  const total: number[] = [];
  const bad: number[] = [];
  const incidentBad: number[] = [];
  const burst = { until: 0 };
  for (let m = 0; m < minutes; m += 1) {
    // Probes run on a schedule: as many each minute; requests arrive at random.
    const events = spec.sli === 'uptime' ? Math.round(spec.level * 60) : poisson(rand, spec.level * 60 * shapeAt(spec.shape, m, rand, burst));
    const inIncident = draw !== undefined && m >= INCIDENT_START && m < INCIDENT_START + draw.minutes;
    const share = inIncident ? draw.badShare(m - INCIDENT_START) : healthyShare;
    const b = binomial(rand, events, share);
    total.push(events);
    bad.push(b);
    incidentBad.push(inIncident ? b : 0);
  }
  const scenario: Scenario = { id, ...spec, minutes, total, bad };
  if (draw) {
    const periodBudget = budget * spec.level * 60 * PERIOD_MINUTES;
    const end = INCIDENT_START + draw.minutes;
    const spent = (from: number, to: number) => incidentBad.slice(Math.max(0, from), to).reduce((a, b) => a + b, 0) / periodBudget;
    const worstOver = (window: number) => {
      let worst = 0;
      for (let windowEnd = INCIDENT_START + 1; windowEnd <= end; windowEnd += 1) worst = Math.max(worst, spent(windowEnd - window, windowEnd));
      return worst;
    };
    const worst = { '1h': worstOver(WINDOWS['1h']), '6h': worstOver(WINDOWS['6h']), '1d': worstOver(WINDOWS['1d']), '3d': worstOver(WINDOWS['3d']) };
    scenario.incident = { kind: spec.kind!, start: INCIDENT_START, end, budgetSpent: spent(INCIDENT_START, end), worst, deserves: deserved(worst) };
  }
  return scenario;
}

const LEVELS = [0.01, 0.1, 1, 10, 100, 1000, 10000];

/**
 * The corpus: every error incident at every traffic level from 0.1 events per second on diurnal
 * traffic; the partial outages on every other shape at 1 and 100 per second; the latency incidents
 * at every level; and a healthy period of the error SLI at every level at 0.5× and 0.9× the budget's
 * rate (of the latency SLI at three levels).
 * The quick slice: three levels, four kinds, the healthy periods at 0.5×.
 */
export function corpusSpecs(slice: 'full' | 'quick'): ScenarioSpec[] {
  const quick = slice === 'quick';
  const levels = quick ? [0.1, 1, 100] : LEVELS.filter((l) => l >= 0.1);
  const errorKinds: IncidentKind[] = quick
    ? ['full-outage', 'partial-2pct', 'short-spike']
    : ['full-outage', 'partial-10pct', 'partial-2pct', 'slow-burn-3x', 'slow-burn-1.5x', 'flapping', 'short-spike'];
  const latencyKinds: IncidentKind[] = quick ? ['latency-degradation'] : ['latency-degradation', 'latency-slow-burn'];
  const specs: ScenarioSpec[] = [];
  for (const level of levels) for (const kind of errorKinds) specs.push({ sli: 'errors', shape: 'diurnal', level, noise: 0.5, kind });
  if (!quick)
    for (const shape of ['steady', 'weekly', 'bursty', 'nab-elb'] as Shape[])
      for (const level of [1, 100])
        for (const kind of ['partial-10pct', 'partial-2pct'] as IncidentKind[]) specs.push({ sli: 'errors', shape, level, noise: 0.5, kind });
  for (const level of levels) for (const kind of latencyKinds) specs.push({ sli: 'latency', shape: 'diurnal', level, noise: 0.5, kind });
  for (const level of quick ? [0.01, 1] : LEVELS) for (const noise of quick ? [0.5] : [0.5, 0.9]) specs.push({ sli: 'errors', shape: 'diurnal', level, noise });
  // Latency alerts are the same ratio arithmetic: their healthy periods at three levels only.
  if (!quick) for (const level of [0.01, 1, 100]) specs.push({ sli: 'latency', shape: 'diurnal', level, noise: 0.5 });
  // Probes: one a minute, failures, flapping and a blip; healthy months of failed probes at 0.5× and 0.9×.
  const probeKinds: IncidentKind[] = quick ? ['probe-outage'] : ['probe-outage', 'probe-flapping', 'probe-blip'];
  for (const kind of probeKinds) specs.push({ sli: 'uptime', shape: 'steady', level: PROBES_PER_SECOND, noise: 0.5, kind });
  if (!quick) for (const noise of [0.5, 0.9]) specs.push({ sli: 'uptime', shape: 'steady', level: PROBES_PER_SECOND, noise });
  return specs;
}
