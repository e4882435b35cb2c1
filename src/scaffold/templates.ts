/** The files `sloforge init` writes for a new SLO repository: pure data, written by the CLI. */
import type { GeneratedFile } from '../core/generated-file.js';

export interface ScaffoldOptions {
  /** The service's name, kebab-case: it becomes the `service` label and part of file names. */
  service: string;
  /** The sloforge version range for package.json. */
  sloforgeVersion: string;
}

function catalog(service: string): string {
  return `/**
 * The SLO catalog of ${service}. \`npx sloforge generate\` compiles it into Prometheus rules and
 * alerts (alerts/), their promtool tests, Grafana dashboards and Alertmanager routing (generated/).
 * Edit the metric names and targets below to match your service, then run \`make generate\`.
 */
import { catalog, counter, environment, errorRate, histogram, percentiles, service } from 'sloforge';

// The metrics your service exposes. Selectors get job="${service}" and the environment label added.
const requests = counter('http_requests_total'); // a counter with a \`code\` label (HTTP status)
const requestDuration = histogram('http_request_duration_seconds', {
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], // the bucket bounds your client library declares
});

export default catalog(
  service({
    name: '${service}',
    owner: '${service}-oncall', // the team that gets paged
    runbookBaseUrl: 'https://runbooks.example.com/${service}', // alerts link to <base>/<slo-id>
    dashboardBaseUrl: 'https://grafana.example.com', // alerts link to the generated dashboard here
    matchers: [{ label: 'job', op: '=', value: '${service}' }], // selects this service's series
    // Each environment with an SLA gets its own rules; series are told apart by the \`env\` label.
    environments: [
      environment('development', { alerting: 'none' }), // no SLA: no rules at all
      environment('staging', { period: '7d', alerting: 'ticket-only' }), // tickets, never a page
      environment('production', { period: '30d', alerting: 'page-and-ticket' }),
    ],
    slos: [
      // Availability: fewer than 0.1% of requests fail with a 5xx.
      errorRate({ id: 'availability', title: 'Availability (5xx)', events: requests, bad: { code: /5../ }, below: '0.1%' }),
      // Latency: p95 under 500ms and p99 under 1s (one SLO per percentile).
      percentiles({ idPrefix: 'latency', title: 'Request latency', histogram: requestDuration, targets: { p95: '500ms', p99: '1s' } }),
    ],
  }),
);
`;
}

/** The TypeScript compiler the scaffold type-checks its catalog with (`npm run typecheck`). */
const TYPESCRIPT_VERSION = '^5.9.3';

/** What the scaffold needs of package.json: merged into an existing one by `init`, field by field. */
export function scaffoldManifest(options: ScaffoldOptions) {
  return {
    type: 'module',
    scripts: {
      generate: 'sloforge generate',
      check: 'sloforge generate --check',
      validate: 'sloforge validate',
      typecheck: 'tsc --noEmit',
    },
    devDependencies: { sloforge: options.sloforgeVersion, typescript: TYPESCRIPT_VERSION },
  };
}

function packageJson(options: ScaffoldOptions): string {
  return `${JSON.stringify({ name: `${options.service}-slos`, private: true, ...scaffoldManifest(options) }, null, 2)}\n`;
}

/** Types are checked by tsc: sloforge strips them when it loads the catalog. */
const TSCONFIG = `${JSON.stringify(
  {
    compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true },
    include: ['slos/**/*.ts'],
  },
  null,
  2,
)}\n`;

const MAKEFILE = `# make generate: compile slos/ into alerts/ and generated/. make test: prove them with promtool.
SHELL := /bin/bash

.PHONY: all deps generate check typecheck test

all: generate

node_modules/.installed: package.json
\tnpm install --no-audit --no-fund
\t@touch $@

deps: node_modules/.installed

generate: deps
\tnpx sloforge generate

check: deps
\tnpx sloforge generate --check

# sloforge strips the catalog's types when it loads it: tsc checks them.
typecheck: deps
\tnpx tsc --noEmit

# promtool comes with Prometheus (Debian: apt-get install prometheus). Files go to it in batches
# (xargs), so that any number of SLOs fits on its command line; test files run on every core.
test: check typecheck
\tfind alerts -name '*.rules.yml' -print0 | sort -z | xargs -0 -r -n 1000 promtool check rules
\tfind alerts -name '*.test.yml' -print0 | sort -z | xargs -0 -r -n 8 -P $$(nproc) promtool test rules
`;

const WORKFLOW = `# Fails a pull request whose generated rules, dashboards or routing are stale, or whose
# alerts do not fire (and stay silent) as their generated promtool tests expect.
name: slos
on:
  pull_request:
  push:
    branches: [main]

jobs:
  slos:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with: { node-version: '20' }
      - name: Install sloforge and promtool
        run: |
          npm ci --no-audit --no-fund
          sudo apt-get update && sudo apt-get install -y --no-install-recommends prometheus
      - name: The committed output is up to date
        run: npx sloforge generate --check
      - name: Rules are valid and their promtool tests pass
        run: make test
`;

function readme(service: string): string {
  return `# SLOs of ${service}

Service level objectives as code, compiled by [sloforge](https://www.npmjs.com/package/sloforge).

- \`slos/index.ts\`: the catalog. Edit it, then run \`make generate\` and commit the output.
- \`alerts/\`: Prometheus recording rules and multi-window, multi-burn-rate alerts, one file per
  SLO and environment, with promtool tests beside them.
- \`generated/\`: Grafana dashboards and provisioning, Alertmanager routing, \`BUDGETS.md\`.

\`\`\`sh
make generate   # npm install, then compile the catalog
make test       # generate --check, tsc on the catalog, promtool check rules and the generated promtool tests
\`\`\`

CI (\`.github/workflows/slos.yml\`) runs the same on every pull request.
`;
}

const GITIGNORE = `node_modules/
`;

export function scaffoldFiles(options: ScaffoldOptions): GeneratedFile[] {
  return [
    { path: 'slos/index.ts', content: catalog(options.service) },
    { path: 'package.json', content: packageJson(options) },
    { path: 'tsconfig.json', content: TSCONFIG },
    { path: 'Makefile', content: MAKEFILE },
    { path: '.github/workflows/slos.yml', content: WORKFLOW },
    { path: 'README.md', content: readme(options.service) },
    { path: '.gitignore', content: GITIGNORE },
  ];
}
