/**
 * How each recorded window is built from a shorter recorded one. A window of n × w is the sum of the
 * rates over w recorded now and at offsets w, 2w, … (n − 1)w: the tiles cover the window exactly,
 * so it reads n samples instead of every raw sample (or every 5m rate) inside it, and sees an event
 * as soon as the 5m rate does. Only the base window reads raw series.
 */
import { parseDuration } from '../core/duration.js';

/** A window recorded as `count` tiles of the rates recorded over `source`. */
export interface WindowTiling {
  source: string;
  count: number;
}

/**
 * Windows up to this read raw series: a 30m rate reads 6× the samples of a 5m one, which is little,
 * while six tiles of 5m would cost more rule-evaluation work than the samples they save.
 */
const RAW_WINDOW_MAX_SECONDS = 30 * 60;

/** More tiles than a month of days would make rule text long for little gain: such a window keeps its sum_over_time form. */
const MAX_TILES = 31;

/**
 * For each recorded window (shortest first), the largest shorter window it is a whole multiple of,
 * in at most MAX_TILES tiles; windows with no such divisor are absent (they keep the older forms).
 * Tiles line up only when the rule evaluation interval divides the base window (1m, 30s, 15s do).
 */
export function windowTilings(recorded: readonly string[], base: string): Record<string, WindowTiling> {
  const tilings: Record<string, WindowTiling> = {};
  const tileable = [base, ...recorded.filter((w) => parseDuration(w) > parseDuration(base) && parseDuration(w) <= RAW_WINDOW_MAX_SECONDS)];
  for (const window of recorded) {
    const seconds = parseDuration(window);
    if (seconds <= RAW_WINDOW_MAX_SECONDS || seconds <= parseDuration(base)) continue;
    const source = tileable
      .filter((w) => seconds % parseDuration(w) === 0 && seconds / parseDuration(w) <= MAX_TILES)
      .sort((a, b) => parseDuration(b) - parseDuration(a))[0];
    if (!source) continue;
    tilings[window] = { source, count: seconds / parseDuration(source) };
    tileable.push(window);
  }
  return tilings;
}

/** The windows whose bad and total event rates are recorded: the base, and every window another is tiled from. */
export function eventRateWindows(base: string, tilings: Record<string, WindowTiling>): string[] {
  const sources = new Set(Object.values(tilings).map((t) => t.source));
  sources.add(base);
  return [...sources].sort((a, b) => parseDuration(a) - parseDuration(b));
}
