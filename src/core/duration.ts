/** Prometheus-style durations ("5m", "1h", "30d", "500ms") to and from seconds. */
import { DAY, HOUR, MINUTE, WEEK } from './time.js';

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: MINUTE, h: HOUR, d: DAY, w: WEEK };
const DURATION_RE = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Largest unit first, as Prometheus writes durations. */
const UNITS: Array<[string, number]> = [
  ['d', DAY],
  ['h', HOUR],
  ['m', MINUTE],
  ['s', 1],
];

export function isDuration(text: string): boolean {
  return text !== '' && DURATION_RE.test(text);
}

/** A catalog repeats a handful of durations (5m, 1h, 30d) thousands of times: each is parsed once. */
const parsed = new Map<string, number>();

export function parseDuration(text: string): number {
  let seconds = parsed.get(text);
  if (seconds === undefined) {
    seconds = parseNewDuration(text);
    if (parsed.size < 10_000) parsed.set(text, seconds);
  }
  return seconds;
}

function parseNewDuration(text: string): number {
  const match = DURATION_RE.exec(text);
  if (!match || text === '') throw new RangeError(`not a duration: ${JSON.stringify(text)} (use e.g. 5m, 1h, 30d)`);
  const [, w, d, h, m, s, ms] = match.map((part) => Number(part ?? 0));
  return w * UNIT_SECONDS.w + d * UNIT_SECONDS.d + h * UNIT_SECONDS.h + m * UNIT_SECONDS.m + s + ms / 1000;
}

/** Seconds as a Prometheus duration: the shortest single unit ("30d", "90m"), else compound ("1h30m15s"). */
export function toPromDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  for (const [unit, size] of UNITS) if (seconds % size === 0) return `${seconds / size}${unit}`;
  let rest = Math.round(seconds * 1000);
  let out = '';
  for (const [unit, size] of [...UNITS, ['ms', 0.001] as [string, number]]) {
    const sizeMs = Math.round(size * 1000);
    const count = Math.floor(rest / sizeMs);
    if (count > 0) out += `${count}${unit}`;
    rest -= count * sizeMs;
  }
  return out;
}
