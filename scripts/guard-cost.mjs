#!/usr/bin/env node
// The low-traffic guard's cost, as a table for docs/low-traffic-guard.md: how much later a full
// outage pages (1h/5m tier, mature windows, steady traffic) with the guard than with the burn rate
// alone, and the fewest bad events in an hour that can page. Worked out from the guard's definition
// (n·(r·ln(r/e) − r + e) ≥ ln(8760)), independently of the rule emitter. Run: node scripts/guard-cost.mjs
const CRITICAL = Math.log(8760); // one false alert a tier a year: α = 1h / 365d
const statistic = (n, r, e) => (r > 0 ? n * (r * Math.log(r / e) - r + e) : 0);
/** The fewest bad events among n in an hour that page: above the burn-rate threshold, and (guarded) significant. */
const fewestThatPage = (n, e, threshold, guarded) => {
  let k = 1;
  while (!(k / n > threshold && (!guarded || statistic(n, k / n, e) >= CRITICAL)) && k < n) k++;
  return k;
};
const seconds = (s) => (s < 60 ? `${Math.round(s)} s` : s < 3600 ? `${(s / 60).toFixed(1)} min` : `${(s / 3600).toFixed(1)} h`);

console.log('| objective | events/s | pages after (burn rate alone) | pages after (with the guard) | fewest bad events in an hour that page |');
console.log('|---|---|---|---|---|');
for (const objective of [0.99, 0.999, 0.9999]) {
  const e = 1 - objective;
  const threshold = 14.4 * e;
  for (const rate of [0.01, 0.1, 1, 10]) {
    const n = rate * 3600; // events in the mature hour
    // A full outage from healthy traffic: after d seconds, the hour holds r·d bad events of n.
    let plain = Infinity;
    let guarded = Infinity;
    for (let d = 1; d <= 3600; d++) {
      const r = (rate * d) / n;
      if (plain === Infinity && r > threshold) plain = d;
      if (r > threshold && statistic(n, r, e) >= CRITICAL) {
        guarded = d;
        break;
      }
    }
    // Whole events: the hour's first bad event lands when one arrives (every 1/rate seconds).
    const step = 1 / rate;
    const whole = (d) => Math.ceil(d / step) * step;
    const fewest = fewestThatPage(n, e, threshold, true);
    console.log(
      `| ${(objective * 100).toFixed(2)}% | ${rate} | ${seconds(whole(plain))} | ${guarded === Infinity ? 'never in 1h' : seconds(whole(guarded))} | ${fewest} |`,
    );
  }
}

// False pages in 30 days of healthy traffic at 0.5× the budget's rate: the chance that an hour's
// Poisson count of bad events reaches the fewest that page, times 720 hours (hours taken as
// independent, a fair count of distinct episodes for a 1h window).
const poissonTail = (k, lambda) => {
  let term = Math.exp(-lambda);
  let below = 0;
  for (let i = 0; i < k; i++) {
    below += term;
    term *= lambda / (i + 1);
  }
  return Math.max(0, 1 - below);
};
console.log('\n| objective | events/s | false pages in 30 days at 0.5× (burn rate alone) | (with the guard) |');
console.log('|---|---|---|---|');
for (const objective of [0.99, 0.999, 0.9999]) {
  const e = 1 - objective;
  const threshold = 14.4 * e;
  for (const rate of [0.01, 0.1, 1, 10]) {
    const n = rate * 3600;
    const lambda = 0.5 * e * n;
    const plain = fewestThatPage(n, e, threshold, false);
    const guarded = fewestThatPage(n, e, threshold, true);
    const perMonth = (k) => {
      const expected = 720 * poissonTail(k, lambda);
      return expected < 1e-6 ? '< 0.000001' : expected.toPrecision(2);
    };
    console.log(`| ${(objective * 100).toFixed(2)}% | ${rate} | ${perMonth(plain)} | ${perMonth(guarded)} |`);
  }
}
