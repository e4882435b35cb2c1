/**
 * Kimberly, the AI assistant service: every target of shared/seed/success-criteria.md,
 * against the metrics, ids and environments fixed by shared/kimberly-contract.md.
 */
import {
  batchJob,
  ceiling,
  counter,
  environment,
  errorRate,
  floor,
  gauge,
  gaugeLoad,
  hard,
  histogram,
  perDay,
  percentiles,
  perSecond,
  service,
  soft,
  uptime,
  zeroTolerance,
} from 'sloforge';

// Histograms as Kimberly declares them (Python prometheus_client: le="1.0" style bounds).
const httpRequestDuration = histogram('kimberly_http_request_duration_seconds', {
  buckets: [0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10],
});
const chatResponseDuration = histogram('kimberly_chat_response_duration_seconds', {
  buckets: [0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30],
});
const modelLoadDuration = histogram('kimberly_model_load_duration_seconds', {
  buckets: [1, 5, 10, 20, 30, 45, 60, 120],
});
const memoryRetrievalDuration = histogram('kimberly_memory_retrieval_duration_seconds', {
  buckets: [0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2.5],
});
const agentDelegationDuration = histogram('kimberly_agent_delegation_duration_seconds', {
  buckets: [0.25, 0.5, 1, 2, 3, 5, 8, 10, 20],
});
const meditationJobDuration = histogram('kimberly_meditation_job_duration_seconds', {
  buckets: [60, 120, 300, 600, 900, 1200, 1800, 3600],
});
const jwtValidationDuration = histogram('kimberly_auth_jwt_validation_duration_seconds', {
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1],
});

const httpRequests = counter('kimberly_http_requests_total');
const modelInferences = counter('kimberly_model_inferences_total');

export const kimberly = service({
  name: 'kimberly',
  title: 'Kimberly',
  owner: 'kimberly-sre',
  runbookBaseUrl: 'https://runbooks.example.com/kimberly',
  dashboardBaseUrl: 'https://grafana.example.com',
  matchers: [{ label: 'job', op: '=', value: 'kimberly' }],
  envLabel: 'env',
  environments: [
    environment('development', { alerting: 'none' }), // no SLA: no rules, no alerts
    // Staging allows planned maintenance, up to 4h a week: alerts are muted then.
    environment('staging', {
      period: '7d',
      alerting: 'ticket-only',
      maintenance: [{ name: 'staging-weekly-maintenance', weekdays: ['sunday'], start: '02:00', duration: '4h' }],
    }),
    environment('production', { period: '30d', alerting: 'page-and-ticket' }),
  ],
  slos: [
    // Availability & uptime: share of successful /health probes, per environment.
    uptime({
      id: 'uptime',
      title: 'Availability',
      description: 'Share of time /health answers the blackbox exporter (probe_success).',
      probe: gauge('probe_success', { job: 'kimberly-health' }),
      environments: {
        staging: { objective: 95 },
        production: { objective: 99, future: { objective: 99.9, label: 'GA' } },
      },
    }),

    // Latency targets: p50 / p95 / p99 under standard load.
    // A chat turn validates the JWT and retrieves memories before inference. A slow step slows the
    // answer but need not push it past its target: soft dependencies, listed, not multiplied.
    percentiles({
      idPrefix: 'chat-latency',
      title: 'Chat response',
      histogram: chatResponseDuration,
      targets: { p50: '500ms', p95: '1s', p99: '2s' },
      dependsOn: [soft('auth-latency-p99'), soft('memory-retrieval-p99')],
    }),
    // Cold starts are rare: a single slow load must not page (low-traffic guard).
    percentiles({ idPrefix: 'model-load', title: 'Initial model load', histogram: modelLoadDuration, targets: { p95: '30s', p99: '45s' }, minEvents: 5 }),
    percentiles({
      idPrefix: 'memory-retrieval',
      title: 'Memory retrieval',
      histogram: memoryRetrievalDuration,
      targets: { p50: '200ms', p95: '500ms', p99: '750ms' },
    }),
    percentiles({ idPrefix: 'agent-delegation', title: 'Agent delegation', histogram: agentDelegationDuration, targets: { p50: '2s', p95: '5s', p99: '8s' } }),
    percentiles({
      idPrefix: 'health-latency',
      title: 'API health check',
      histogram: { ...httpRequestDuration, matchers: [{ label: 'route', op: '=', value: '/health' }] },
      targets: { p50: '50ms', p95: '100ms', p99: '150ms' },
    }),
    percentiles({ idPrefix: 'auth-latency', title: 'Authentication', histogram: jwtValidationDuration, targets: { p50: '100ms', p95: '200ms', p99: '300ms' } }),

    // Error rate targets.
    errorRate({
      id: 'api-errors-5xx',
      title: 'API error rate (5xx)',
      description: 'Server-side errors: share of API requests answered with a 5xx status.',
      events: httpRequests,
      bad: { code: /5../ },
      below: '1%',
      // A failed LLM generation is answered with a 5xx on /chat: serial, so 5xx ≤ 1% needs inference failures ≤ 0.5% (half the budget).
      dependsOn: [hard('inference-failures')],
    }),
    errorRate({
      id: 'api-errors-4xx',
      title: 'API error rate (4xx)',
      description: 'Client errors (validation): share of API requests answered with a 4xx status. Never pages.',
      events: httpRequests,
      bad: { code: /4../ },
      below: '5%',
      alerting: 'ticket-only',
    }),
    errorRate({
      id: 'inference-failures',
      title: 'Model inference failures',
      description: 'LLM generation errors: share of model inferences that failed.',
      events: modelInferences,
      bad: { outcome: 'failure' },
      below: '0.5%',
    }),
    zeroTolerance({
      id: 'memory-corruption',
      title: 'Memory corruption',
      description: 'Critical data integrity: no memory record may be found corrupt.',
      events: counter('kimberly_memory_integrity_checks_total'),
      bad: counter('kimberly_memory_corruption_detected_total'),
    }),

    // The nightly meditation job (scoring/pruning): about 30 runs a month.
    batchJob({
      idPrefix: 'meditation',
      title: 'Meditation job',
      runsPerDay: 1,
      duration: meditationJobDuration,
      targets: { p95: '10min', p99: '15min' },
      lastSuccess: gauge('kimberly_meditation_job_last_success_timestamp_seconds'),
      maxAge: '26h',
      failedRuns: counter('kimberly_meditation_job_runs_total', { outcome: 'failure' }),
      freshnessObjective: 99,
    }),
  ],
  // CI regression monitoring: what `sloforge bench-check` compares against a baseline.
  regressionGates: [
    { id: 'test-suite-duration', title: 'Test suite duration', metric: 'suite_duration_seconds', maxIncrease: 0.2, baseline: 'previous run' },
    { id: 'memory-peak', title: 'Memory usage peak', metric: 'peak_memory_bytes', maxIncrease: 0.15, baseline: 'baseline file' },
    {
      id: 'endpoint-latency-p95',
      title: 'Endpoint latency p95',
      benchmarks: '.*latency.*',
      metric: 'endpoint_latency_p95_seconds',
      statistic: 'p95',
      maxIncrease: 0.1,
      baseline: 'baseline JSON',
    },
    { id: 'cold-start', title: 'Cold start time', metric: 'cold_start_seconds', maxIncrease: 0.25, baseline: 'baseline file' },
  ],
  // Throughput targets: capacity objectives, not SLOs with a budget.
  capacity: [
    ceiling({ id: 'concurrent-users', title: 'Concurrent users', load: gaugeLoad(gauge('kimberly_active_sessions')), target: 10, unit: 'users' }),
    ceiling({ id: 'api-throughput', title: 'API requests per second', load: perSecond(httpRequests), target: 50, unit: 'req/s' }),
    ceiling({ id: 'memory-writes', title: 'Memory writes per second', load: perSecond(counter('kimberly_memory_writes_total')), target: 10, unit: 'writes/s' }),
    floor({
      id: 'daily-interactions',
      title: 'Daily interactions',
      load: perDay(counter('kimberly_chat_messages_total')),
      target: 1000,
      unit: 'messages/day',
      for: '1h',
    }),
  ],
});
