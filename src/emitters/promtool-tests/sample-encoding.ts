/** promtool's expanding notation for per-minute samples: "0+5x59 300+0x9 _x3 1". */
import { Rational } from '../../core/decimal.js';

export type Sample = Rational | undefined;

/** What promtool's expansion of "start+step x count" ends on: float additions one by one, as it does them. */
function repeatedSum(start: number, step: number, count: number): number {
  let value = start;
  if (step === 0) return value;
  for (let k = 0; k < count; k += 1) value += step;
  return value;
}

/** promtool writes a run as start+step or start-step: "1-1x1", never "1+-1x1". */
const signed = (step: string) => (step.startsWith('-') ? step : `+${step}`);

/**
 * Encodes samples (undefined = missing) into runs of constant step, as promtool reads them.
 * promtool expands "a+bxn" by repeated float addition; a run's last value can then land a hair
 * above the next run's exact start, which Prometheus would read as a counter reset. Each run
 * therefore starts no lower than the float value the previous run ended on.
 */
export function encodeSamples(samples: Sample[]): string {
  const parts: string[] = [];
  let floatLast = -Infinity;
  let i = 0;
  while (i < samples.length) {
    const start = samples[i];
    if (start === undefined) {
      let j = i;
      while (j < samples.length && samples[j] === undefined) j += 1;
      parts.push(j - i === 1 ? '_' : `_x${j - i}`);
      i = j;
      continue;
    }
    let startText = start.toDecimal(9);
    if (Number(startText) < floatLast && start.toNumber() >= floatLast - 1e-6) startText = String(floatLast);
    const next = samples[i + 1];
    if (next === undefined) {
      parts.push(startText);
      floatLast = Number(startText);
      i += 1;
      continue;
    }
    const step = next.sub(start);
    let j = i + 1;
    while (j + 1 < samples.length && samples[j + 1] !== undefined && samples[j + 1]!.differenceEquals(samples[j]!, step)) j += 1;
    const count = j - i; // samples i..j: start + step × count
    const stepText = step.toDecimal(9);
    parts.push(step.isZero() ? `${startText}x${count}` : `${startText}${signed(stepText)}x${count}`);
    floatLast = repeatedSum(Number(startText), Number(stepText), count);
    i = j + 1;
  }
  return parts.join(' ');
}

export interface CounterRun {
  /** Minutes in the run. */
  minutes: number;
  /** Increase per minute. */
  step: Rational;
}

/**
 * A cumulative counter from runs of constant per-minute increase, encoded run by run (no
 * arithmetic per sample): sample 0 is 0, sample m the sum of the first m increments.
 */
export function encodeCounter(runs: CounterRun[]): string {
  // SLOs with one objective and one traffic profile share their counters: each is encoded once.
  const key = runs.map((run) => `${run.minutes}:${run.step.num}/${run.step.den}`).join(' ');
  let text = encodedCounters.get(key);
  if (text === undefined) {
    if (encodedCounters.size >= MAX_ENCODED_COUNTERS) encodedCounters.clear();
    encodedCounters.set(key, (text = encodeNewCounter(runs)));
  }
  return text;
}

const encodedCounters = new Map<string, string>();
/** Bounds the cache: a catalog of 10,000 SLOs holds a few thousand distinct counters. */
const MAX_ENCODED_COUNTERS = 20_000;

function encodeNewCounter(runs: CounterRun[]): string {
  const merged: CounterRun[] = [];
  for (const run of runs) {
    if (run.minutes <= 0) continue;
    const last = merged.at(-1);
    if (last && last.step.cmp(run.step) === 0) last.minutes += run.minutes;
    else merged.push({ ...run });
  }
  const parts: string[] = [];
  let value = Rational.parse(0);
  let floatLast = -Infinity;
  for (const run of merged) {
    let startText = value.toDecimal(9);
    if (Number(startText) < floatLast && value.toNumber() >= floatLast - 1e-6) startText = String(floatLast);
    const stepText = run.step.toDecimal(9);
    // Samples of the run: start, start + step, …, start + (minutes − 1) × step; the next run starts one step later.
    parts.push(run.step.isZero() ? `${startText}x${run.minutes - 1}` : `${startText}${signed(stepText)}x${run.minutes - 1}`);
    floatLast = repeatedSum(Number(startText), Number(stepText), run.minutes - 1);
    value = value.add(run.step.mul(Rational.parse(run.minutes)));
  }
  let lastText = value.toDecimal(9);
  if (Number(lastText) < floatLast) lastText = String(floatLast);
  parts.push(lastText);
  return parts.join(' ');
}
