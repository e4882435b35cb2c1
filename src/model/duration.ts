/** Prometheus-style durations ("5m", "1h", "30d", "500ms") to and from seconds. */
const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
const DURATION_RE = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

export function isDuration(text: string): boolean {
  return text !== '' && DURATION_RE.test(text);
}

export function parseDuration(text: string): number {
  const match = DURATION_RE.exec(text);
  if (!match || text === '') throw new RangeError(`not a duration: ${JSON.stringify(text)} (use e.g. 5m, 1h, 30d)`);
  const [, w, d, h, m, s, ms] = match.map((part) => Number(part ?? 0));
  return w * UNIT_SECONDS.w + d * UNIT_SECONDS.d + h * UNIT_SECONDS.h + m * UNIT_SECONDS.m + s + ms / 1000;
}

/** Formats whole seconds as the shortest single-unit Prometheus duration, else compound ("1h30m"). */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  const units: Array<[string, number]> = [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ];
  for (const [unit, size] of units) if (seconds % size === 0) return `${seconds / size}${unit}`;
  let rest = Math.round(seconds * 1000);
  let out = '';
  for (const [unit, size] of [...units, ['ms', 0.001] as [string, number]]) {
    const sizeMs = Math.round(size * 1000);
    const count = Math.floor(rest / sizeMs);
    if (count > 0) out += `${count}${unit}`;
    rest -= count * sizeMs;
  }
  return out;
}

/** Human form for reports and annotations: "7h12m", "43m12s", "8h24m". */
export function humanDuration(seconds: number): string {
  let rest = Math.round(seconds);
  if (rest === 0) return '0s';
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as Array<[string, number]>) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count}${unit}`);
    rest -= count * size;
  }
  return parts.slice(0, 2).join('');
}
