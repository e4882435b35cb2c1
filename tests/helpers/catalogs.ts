/** Small catalogs for tests, built with the same API users write. */
import { counter, environment, errorRate, histogram, latency, service } from '../../src/index.js';
import type { CatalogInput, SloInput } from '../../src/index.js';

export function testService(slos: SloInput[], overrides: Partial<Parameters<typeof service>[0]> = {}) {
  return service({
    name: 'shop',
    owner: 'shop-sre',
    runbookBaseUrl: 'https://runbooks.example.com/shop',
    dashboardBaseUrl: 'https://grafana.example.com',
    matchers: [{ label: 'job', op: '=', value: 'shop' }],
    environments: [
      environment('development', { alerting: 'none' }),
      environment('staging', { period: '7d', alerting: 'ticket-only' }),
      environment('production', { period: '30d', alerting: 'page-and-ticket' }),
    ],
    slos,
    ...overrides,
  });
}

export const checkoutErrors = (below: `${number}%` = '1%'): SloInput =>
  errorRate({ id: 'checkout-errors', title: 'Checkout errors', events: counter('shop_requests_total'), bad: { code: /5../ }, below });

export const checkoutLatency = (objective = 99, threshold: string | number = '1s'): SloInput =>
  latency({
    id: 'checkout-latency',
    title: 'Checkout latency',
    histogram: histogram('shop_request_duration_seconds', { buckets: [0.1, 0.5, 1, 2.5] }),
    threshold,
    objective,
  });

export function testCatalog(slos: SloInput[]): CatalogInput {
  return { services: [testService(slos)] };
}

/** A one-service catalog's service: one production environment (30d, pages) unless given, no matchers unless given. */
export function smallService(
  slos: SloInput[],
  options: {
    name?: string;
    matchers?: Array<{ label: string; op: '=' | '!=' | '=~' | '!~'; value: string }>;
    environments?: ReturnType<typeof environment>[];
  } = {},
) {
  return service({
    name: options.name ?? 'shop',
    owner: 'shop-sre',
    runbookBaseUrl: 'https://r.example.com',
    dashboardBaseUrl: 'https://g.example.com',
    ...(options.matchers ? { matchers: options.matchers } : {}),
    environments: options.environments ?? [environment('production', { period: '30d', alerting: 'page-and-ticket' })],
    slos,
  });
}

/** "5xx under 1%" on a counter named after the SLO id. */
export const fivexx = (id = 'e', below: `${number}%` = '1%'): SloInput =>
  errorRate({ id, title: id.toUpperCase(), events: counter(`${id.replace(/-/g, '_')}_total`), bad: { code: /5../ }, below });

/**
 * The catalog with the statistical low-traffic guard off on every SLO that has it. For end-to-end
 * tests that compress time into seconds: the guard weighs a window's age in real minutes (a page
 * waits until the bad events spent the tier's share at the traffic seen), which a Prometheus that
 * started seconds ago cannot have. The guard itself is tested by the generated .guard suites.
 */
export function withoutLowTrafficGuard<T extends CatalogInput>(catalog: T): T {
  const copy = structuredClone(catalog);
  for (const service of copy.services)
    for (const slo of service.slos ?? [])
      if ((slo.sli.kind === 'ratio' || slo.sli.kind === 'latency') && !slo.zeroTolerance && !slo.batch) slo.lowTrafficGuard = false;
  return copy;
}
