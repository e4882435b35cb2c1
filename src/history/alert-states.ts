/**
 * Prometheus's alert state machine (rules/alerting.go), replayed over an alert expression's
 * values at each evaluation: pending from the first evaluation that returns the series, firing
 * once it has been active for `for`, resolved at the first evaluation without it after
 * `keep_firing_for` has passed since the condition cleared.
 */

export interface AlertEpisode {
  /** The alert's labels: the series' labels, then the rule's labels, and alertname. */
  labels: Record<string, string>;
  /** Unix seconds: the evaluation that first returned the series. */
  activeAt: number;
  firedAt: number;
  /** Unset while still firing at the end of the replay. */
  resolvedAt?: number;
}

export interface AlertSeries {
  labels: Record<string, string>;
  /** Unix seconds of the evaluations that returned this series. */
  times: number[];
}

/** Episodes of one alerting rule, evaluated at `evaluations` (ascending), from the series its expression returned. */
export function alertEpisodes(
  series: AlertSeries[],
  evaluations: number[],
  rule: { alert: string; forSeconds: number; keepFiringForSeconds: number; labels: Record<string, string> },
): AlertEpisode[] {
  const episodes: AlertEpisode[] = [];
  for (const s of series) {
    const present = new Set(s.times);
    let state: 'inactive' | 'pending' | 'firing' = 'inactive';
    let activeAt = 0;
    let firedAt = 0;
    let clearedSince: number | undefined;
    const labels = { ...stripName(s.labels), ...rule.labels, alertname: rule.alert };
    for (const t of evaluations) {
      if (present.has(t)) {
        clearedSince = undefined;
        if (state === 'inactive') {
          state = 'pending';
          activeAt = t;
        }
        if (state === 'pending' && t - activeAt >= rule.forSeconds) {
          state = 'firing';
          firedAt = t;
        }
        continue;
      }
      if (state === 'firing' && rule.keepFiringForSeconds > 0) {
        clearedSince ??= t;
        if (t - clearedSince < rule.keepFiringForSeconds) continue;
      }
      if (state === 'firing') episodes.push({ labels, activeAt, firedAt, resolvedAt: t });
      state = 'inactive';
      clearedSince = undefined;
    }
    if (state === 'firing') episodes.push({ labels, activeAt, firedAt });
  }
  return episodes.sort((a, b) => a.firedAt - b.firedAt || a.labels.alertname.localeCompare(b.labels.alertname));
}

function stripName(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).filter(([name]) => name !== '__name__'));
}
