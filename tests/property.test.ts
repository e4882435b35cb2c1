/**
 * Property-based tests over random valid catalogs (fast-check): services, SLI kinds, objectives
 * from 50% to 99.999%, periods, environments, environment labels, label sets with hostile values.
 * For each catalog: the output is deterministic, no burn-rate tier is dead, dashboards pass the
 * Grafana schema, and, in one batch, every rule file passes `promtool check rules` and every
 * generated promtool test passes. Random invalid catalogs fail with a clear error.
 *
 * Seeds: a fixed one runs in `make test`; SLOFORGE_PROPERTY_SEED explores another. A seed that
 * ever failed goes into REGRESSION_SEEDS, so that it runs for good.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CatalogError } from '../src/catalog/catalog-error.js';
import { validateCatalog } from '../src/catalog/validate.js';
import { compileCatalog } from '../src/compile.js';
import {
  batchJob,
  catalog,
  counter,
  environment,
  errorRate,
  gauge,
  histogram,
  latency,
  percentiles,
  service,
  successRate,
  uptime,
  zeroTolerance,
  type CatalogInput,
  type SloInput,
} from '../src/index.js';
import { dashboardSchemaErrors, grafanaValidators } from './helpers/grafana-schema.js';
import { run, tempDir, writeFiles, PROJECT_ROOT } from './helpers/tools.js';
import { scaled } from './helpers/slowdown.js';

const BASE_SEED = 20261127;
/** Seeds that once found a defect; each runs on every `make test`. */
// 2 and 3: a low-traffic guard of 1 or 2 events, which the "below the guard" scenario met (the base seed
// found probe failures all landing on 5m boundaries).
const REGRESSION_SEEDS: number[] = [2, 3];
const CATALOGS = 12;

const objective = fc.oneof(
  fc.constantFrom(50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.999),
  fc.integer({ min: 50_000, max: 99_999 }).map((n) => n / 1000),
);
const labelValue = fc.oneof(fc.constantFrom('api', 'web-1', 'a"quote', 'back\\slash', 'ünï cödé', 'x{y}', '$dollar'), fc.stringMatching(/^[a-z0-9_-]{1,8}$/));
const badRegex = fc.constantFrom(/5../, /5[0-9]{2}/, /error|fail(ed)?/, /err.*/i, /4..|5../);
const buckets = fc
  .uniqueArray(fc.constantFrom(0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30), { minLength: 2, maxLength: 8 })
  .map((b) => [...b].sort((x, y) => x - y));
const environments = fc
  .record({
    staging: fc.option(fc.constantFrom('7d', '14d'), { nil: undefined }),
    prod: fc.option(fc.constantFrom('28d', '30d', '90d'), { nil: undefined }),
  })
  .filter((e) => e.staging !== undefined || e.prod !== undefined)
  .map((e) => [
    environment('dev', { alerting: 'none' }),
    ...(e.staging ? [environment('staging', { period: e.staging, alerting: 'ticket-only' })] : []),
    ...(e.prod ? [environment('prod', { period: e.prod, alerting: 'page-and-ticket' })] : []),
  ]);

function slo(index: number): fc.Arbitrary<SloInput | SloInput[]> {
  const id = `slo-${index}`;
  const events = (metric: string) => labelValue.map((route) => counter(metric, { route }));
  return fc.oneof(
    fc
      .record({ events: events('app_requests_total'), bad: badRegex, below: fc.constantFrom('0.01%', '0.1%', '1%', '5%', '10%', '25%') })
      .map((r) => errorRate({ id, title: `Errors ${index}`, events: r.events, bad: { code: r.bad }, below: r.below as `${number}%` })),
    fc.record({ events: events('app_calls_total'), objective, minEvents: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }) }).map((r) =>
      successRate({
        id,
        title: `Success ${index}`,
        events: r.events,
        good: { outcome: 'ok' },
        objective: r.objective,
        ...(r.minEvents ? { minEvents: r.minEvents } : {}),
      }),
    ),
    fc.record({ buckets, objective, pick: fc.nat() }).map((r) =>
      latency({
        id,
        title: `Latency ${index}`,
        histogram: histogram('app_duration_seconds', { buckets: r.buckets }),
        threshold: r.buckets[r.pick % r.buckets.length],
        objective: r.objective,
      }),
    ),
    fc.record({ buckets, p: fc.uniqueArray(fc.constantFrom('p50', 'p90', 'p95', 'p99', 'p99.9'), { minLength: 1, maxLength: 3 }) }).map((r) =>
      percentiles({
        idPrefix: id,
        title: `Percentiles ${index}`,
        histogram: histogram('app_op_duration_seconds', { buckets: r.buckets }),
        targets: Object.fromEntries(r.p.map((p, i) => [p, r.buckets[(i * 2) % r.buckets.length]])),
      }),
    ),
    objective.map((o) => uptime({ id, title: `Uptime ${index}`, probe: gauge('probe_success', { job: 'blackbox' }), objective: o })),
    labelValue.map((tier) =>
      zeroTolerance({ id, title: `Corruption ${index}`, events: counter('app_checks_total', { tier }), bad: counter('app_corrupt_total', { tier }) }),
    ),
  );
}

const serviceArb = (index: number) =>
  fc
    .record({
      environments,
      envLabel: fc.constantFrom('env', 'environment', 'stage'),
      job: labelValue,
      slos: fc.tuple(slo(0), slo(1), slo(2)).chain((all) => fc.integer({ min: 1, max: 3 }).map((n) => all.slice(0, n))),
    })
    .map((r) =>
      service({
        name: `svc${index}`,
        owner: `team-${index}`,
        runbookBaseUrl: 'https://runbooks.example.com/x',
        dashboardBaseUrl: 'https://grafana.example.com',
        matchers: [{ label: 'job', op: '=', value: r.job }],
        envLabel: r.envLabel,
        environments: r.environments,
        slos: r.slos,
      }),
    );

const catalogArb = fc
  .integer({ min: 1, max: 2 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => serviceArb(i))).map((services) => catalog(...services)));

/** A catalog with a low-traffic guard of 1 or 2 events: the defect the regression seeds found. */
const hasTinyGuard = (c: CatalogInput) => /"minEvents":[12][,}]/.test(JSON.stringify(c));

/**
 * The base seed's catalogs, all of them; a regression seed's, only those of the kind it once failed
 * on (promtool runs every generated test of every catalog, the longest part of `make test`).
 */
function sample(seed: number): CatalogInput[] {
  const catalogs = fc.sample(catalogArb, { seed, numRuns: CATALOGS });
  return REGRESSION_SEEDS.includes(seed) ? catalogs.filter(hasTinyGuard) : catalogs;
}

const seeds = [BASE_SEED, ...REGRESSION_SEEDS, ...(process.env.SLOFORGE_PROPERTY_SEED ? [Number(process.env.SLOFORGE_PROPERTY_SEED)] : [])];

describe.each(seeds.map((seed) => [seed]))('random valid catalogs (seed %i)', (seed) => {
  const catalogs = sample(seed);
  const compiled = catalogs.map((c, i) => compileCatalog(validateCatalog(c, `random-${seed}-${i}.ts`)));

  it('has catalogs to check (a regression seed still draws the kind it failed on)', () => {
    expect(catalogs.length).toBeGreaterThan(0);
    process.stdout.write(`seed ${seed}: ${catalogs.length} catalogs, ${compiled.reduce((n, c) => n + c.model.instances.length, 0)} SLO instances\n`);
  });

  beforeAll(() => {
    grafanaValidators();
  }, scaled(120_000));

  it('compile deterministically, with no dead burn-rate tier', () => {
    catalogs.forEach((c, i) => {
      const again = compileCatalog(validateCatalog(c, `random-${seed}-${i}.ts`));
      expect(again.files).toEqual(compiled[i].files);
      for (const plan of compiled[i].model.instances) {
        if (plan.alertPolicy.kind !== 'burn-rate') continue;
        for (const tier of plan.alertPolicy.tiers) expect(tier.threshold.toNumber(), `${plan.sloId} ${plan.env} ${tier.longWindow}`).toBeLessThan(1);
      }
    });
  });

  it('give dashboards that pass the Grafana schema', () => {
    for (const { files } of compiled) {
      for (const file of files.filter((f) => f.path.endsWith('.json') && f.path.includes('/dashboards/'))) {
        expect(dashboardSchemaErrors(JSON.parse(file.content) as Parameters<typeof dashboardSchemaErrors>[0]), file.path).toEqual([]);
      }
    }
  });

  it(
    'give rule files promtool accepts and generated tests that pass, in one batch',
    () => {
      const root = tempDir('sloforge-property-');
      compiled.forEach(({ files }, i) =>
        writeFiles(
          path.join(root, `catalog-${i}`),
          files.filter((f) => f.path.startsWith('alerts/')),
        ),
      );
      const result = run('bash', [path.join(PROJECT_ROOT, 'scripts/promtool-rules.sh'), root]);
      if (result.status !== 0) writeFileSync(path.join(root, 'FAILED-SEED'), `${seed}\n`);
      expect(result.status, `seed ${seed} (add it to REGRESSION_SEEDS once fixed); files in ${root}\n${result.stdout.slice(-4000)}`).toBe(0);
      expect(result.stdout).toMatch(/promtool-tests: \d+ passed, 0 failed/);
    },
    scaled(600_000),
  );
});

/**
 * Batch jobs on their own arbitrary (the catalogs above keep drawing what their seeds found): a
 * maximum age from a minute to five days, any cadence from once a day to every minute, with and
 * without a failure counter. Every generated freshness and duration test must pass in promtool.
 */
const batchCatalogArb = fc
  .array(
    fc.record({
      maxAgeMinutes: fc.oneof(
        fc.constantFrom(1, 3, 5, 9, 10, 59, 60, 120, 1439, 1560, 2880),
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 121, max: 5 * 1440 }),
      ),
      runsPerDay: fc.oneof(fc.constantFrom(1, 2, 4, 24, 96, 1440), fc.integer({ min: 1, max: 1440 })),
      failedRuns: fc.boolean(),
      buckets,
    }),
    { minLength: 6, maxLength: 6 },
  )
  .map((jobs) =>
    catalog(
      service({
        name: 'jobs',
        owner: 'jobs-team',
        runbookBaseUrl: 'https://runbooks.example.com/jobs',
        dashboardBaseUrl: 'https://grafana.example.com',
        environments: [environment('prod', { period: '30d', alerting: 'page-and-ticket' })],
        slos: jobs.map((r, index) =>
          batchJob({
            idPrefix: `job-${index}`,
            title: `Batch ${index}`,
            runsPerDay: r.runsPerDay,
            // One job with a duration histogram (its suite spans two days); the others push only their last success.
            ...(index === 0
              ? { duration: histogram(`app_job${index}_duration_seconds`, { buckets: r.buckets }), targets: { p95: r.buckets[r.buckets.length - 1] } }
              : {}),
            lastSuccess: gauge(`app_job${index}_last_success_timestamp_seconds`),
            maxAge: `${r.maxAgeMinutes}m`,
            ...(r.failedRuns ? { failedRuns: counter(`app_job${index}_runs_total`, { outcome: 'failure' }) } : {}),
            freshnessObjective: 99,
          }),
        ),
      }),
    ),
  );

describe.each(seeds.map((seed) => [seed]))('random batch jobs (seed %i)', (seed) => {
  it(
    'give freshness and duration tests that pass in promtool, for any maximum age and cadence',
    () => {
      const root = tempDir('sloforge-property-batch-');
      const catalogs = fc.sample(batchCatalogArb, { seed, numRuns: 2 });
      catalogs.forEach((c, i) =>
        writeFiles(
          path.join(root, `catalog-${i}`),
          compileCatalog(validateCatalog(c, `batch-${seed}-${i}.ts`)).files.filter((f) => f.path.startsWith('alerts/')),
        ),
      );
      const result = run('bash', [path.join(PROJECT_ROOT, 'scripts/promtool-rules.sh'), root]);
      expect(result.status, `seed ${seed}; files in ${root}\n${result.stdout.slice(-4000)}`).toBe(0);
      expect(result.stdout).toMatch(/promtool-tests: \d+ passed, 0 failed/);
    },
    scaled(600_000),
  );
});

describe('random invalid catalogs', () => {
  const breakages: Array<[string, (c: CatalogInput) => void, RegExp]> = [
    [
      'a fraction for an objective',
      // Percentile and zero-tolerance SLOs set their objective from the target: break another kind, or add one.
      (c) => {
        const plain = c.services[0].slos.find((s) => !s.percentile && !s.zeroTolerance);
        if (plain) Object.assign(plain, { objective: 0.9 });
        else c.services[0].slos.push(uptime({ id: 'fraction', title: 'F', probe: gauge('probe_success'), objective: 0.9 }));
      },
      /field "objective": 0\.9 reads as 0\.9%/,
    ],
    ['a misspelt field', (c) => Object.assign(c.services[0].slos[0], { objectve: 99 }), /field "objectve": unknown field \(did you mean "objective"\?\)/],
    ['a period of 1h', (c) => Object.assign(c.services[0].environments.at(-1)!, { period: '1h' }), /1h cannot be an SLO period/],
    [
      'a regex with a lookahead',
      (c) => c.services[0].matchers!.push({ label: 'job', op: '=~', value: 'a(?=b)' }),
      /not a regular expression Prometheus accepts/,
    ],
  ];
  it.each(breakages)('%s fails with the service, the field and the reason', (_name, breakIt, message) => {
    for (const c of sample(BASE_SEED + 1).slice(0, 4)) {
      const broken = structuredClone(c);
      breakIt(broken);
      let error: unknown;
      try {
        validateCatalog(broken, 'broken.ts');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CatalogError);
      expect((error as CatalogError).message).toMatch(/service "svc\d"/);
      expect((error as CatalogError).message).toMatch(message);
    }
  });
});

describe('uptime objectives whose generated tests used to fail', () => {
  it(
    'pass promtool at 50%, 99.5%, 99.9%, 99.95%, 99.99% and 99.9999% (slow burn and 1+-1x1 fixed)',
    () => {
      const objectives = [50, 99.5, 99.9, 99.95, 99.99, 99.9999];
      const uptimeCatalog = catalog(
        service({
          name: 'probed',
          owner: 'o',
          runbookBaseUrl: 'https://r.example.com',
          dashboardBaseUrl: 'https://g.example.com',
          environments: [
            environment('staging', { period: '7d', alerting: 'ticket-only' }),
            environment('prod', { period: '30d', alerting: 'page-and-ticket' }),
          ],
          slos: objectives.map((o) => uptime({ id: `up-${String(o).replace('.', '-')}`, title: `Up ${o}`, probe: gauge('probe_success'), objective: o })),
        }),
      );
      const root = tempDir('sloforge-uptime-');
      writeFiles(
        root,
        compileCatalog(validateCatalog(uptimeCatalog, 'uptime.ts')).files.filter((f) => f.path.startsWith('alerts/')),
      );
      const result = run('bash', [path.join(PROJECT_ROOT, 'scripts/promtool-rules.sh'), path.join(root, 'alerts')]);
      expect(result.status, result.stdout.slice(-3000)).toBe(0);
      expect(result.stdout).toMatch(/promtool-tests: 24 passed, 0 failed/);
    },
    scaled(300_000),
  );
});
