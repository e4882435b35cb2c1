/**
 * A second catalog, nothing like Kimberly: a web shop whose storefront depends on a payment
 * provider. Other names, other environments (canary and live, told apart by an `environment`
 * label), other periods (14d and 28d), Go-style histogram bounds and a custom job label.
 * `make test` generates it into examples/shop/ and runs promtool on the result.
 */
import {
  catalog,
  ceiling,
  composite,
  counter,
  environment,
  errorRate,
  gauge,
  histogram,
  perSecond,
  percentiles,
  service,
  soft,
  successRate,
  uptime,
} from 'sloforge';

// Calendar periods start at midnight in +01:00 (the shop's standard time: PromQL knows no daylight saving).
const environments = [
  environment('canary', { period: '14d', alerting: 'ticket-only' }),
  environment('live', { period: '28d', timeZone: '+01:00', alerting: 'page-and-ticket' }),
];

const requests = counter('http_server_requests_total'); // labels: handler, status
const requestDuration = histogram('http_server_request_duration_seconds', { buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5] });

const storefront = service({
  name: 'storefront',
  title: 'Storefront',
  owner: 'shop-web-oncall',
  runbookBaseUrl: 'https://wiki.shop.example/runbooks/storefront',
  dashboardBaseUrl: 'https://grafana.shop.example',
  matchers: [{ label: 'app', op: '=', value: 'storefront' }],
  envLabel: 'environment',
  environments,
  // A new version label on each release: the dashboards mark deploys from it.
  deployments: gauge('storefront_build_info'),
  slos: [
    uptime({ id: 'homepage-up', title: 'Home page up', probe: gauge('probe_success', { target: 'https://shop.example/' }), objective: 99.9 }),
    successRate({
      id: 'checkout-success',
      title: 'Checkouts that succeed',
      description: 'Checkout requests answered without a server error.',
      events: counter('http_server_requests_total', { handler: '/checkout' }),
      good: { status: /[1-4]../ },
      objective: 99.5,
      // Checkout retries a failed payment with a second provider: soft. As a hard dependency the
      // provider's 99% would cap checkouts at 99%, and validate would refuse 99.5%.
      dependsOn: [soft('provider-errors', { service: 'payments' })],
    }),
    percentiles({
      idPrefix: 'search-latency',
      title: 'Search',
      histogram: { ...requestDuration, matchers: [{ label: 'handler', op: '=', value: '/search' }] },
      targets: { p90: '250ms', p99: '1s' },
    }),
    // A purchase journey: a fast search, then a checkout that succeeds. Its own objective, rules, alerts and budget.
    composite({
      id: 'purchase',
      title: 'Purchases that go through',
      description: 'The journey a buyer makes: search (p99 under 1s) and checkout (no server error), weighted equally.',
      components: ['search-latency-p99', 'checkout-success'],
      objective: 99,
    }),
    // One SLO per handler: a failing /checkout pages on its own, not diluted by healthy /search traffic.
    errorRate({ id: 'api-errors', title: 'API server errors', events: requests, bad: { status: /5../ }, below: '0.5%', groupBy: ['handler'] }),
  ],
  capacity: [
    ceiling({
      id: 'checkout-throughput',
      title: 'Checkouts per second',
      load: perSecond(counter('http_server_requests_total', { handler: '/checkout' })),
      target: 40,
      unit: 'req/s',
    }),
  ],
});

// The payment provider is a dependency the shop does not run: its failures raise tickets, never pages,
// and a quiet night with two failed payments out of three must not alert (low-traffic guard).
const payments = service({
  name: 'payments',
  title: 'Payments (provider)',
  owner: 'shop-payments',
  runbookBaseUrl: 'https://wiki.shop.example/runbooks/payments',
  dashboardBaseUrl: 'https://grafana.shop.example',
  matchers: [{ label: 'app', op: '=', value: 'payment-gateway' }],
  envLabel: 'environment',
  environments,
  slos: [
    errorRate({
      id: 'provider-errors',
      title: 'Payment provider errors',
      events: counter('payment_provider_calls_total'),
      bad: { outcome: 'error' },
      below: '1%',
      alerting: 'ticket-only',
      minEvents: 20,
      // The provider's contract counts failures per calendar month: so does this budget (it resets on the 1st).
      environments: { live: { period: 'calendar-month' } },
    }),
  ],
});

export default catalog(storefront, payments);
