/** The benchmarks' SLO: one availability objective over 30d, 5xx of a counter bad, as a validated catalog. */
import type { CatalogSpec } from '../src/catalog/schema.js';
import { validateCatalog } from '../src/catalog/validate.js';
import { counter, environment, errorRate, service } from '../src/index.js';

export function availabilityCatalog(options: { metric: string; below: `${number}%`; job?: string }): CatalogSpec {
  return validateCatalog(
    {
      services: [
        service({
          name: 'bench',
          owner: 'bench',
          runbookBaseUrl: 'https://r.example.com',
          dashboardBaseUrl: 'https://g.example.com',
          matchers: options.job ? [{ label: 'job', op: '=', value: options.job }] : [],
          // The synthetic series carry no environment label.
          environments: [environment('production', { period: '30d', alerting: 'page-and-ticket', matchers: [] })],
          slos: [errorRate({ id: 'availability', title: 'Availability', events: counter(options.metric), bad: { code: /5../ }, below: options.below })],
        }),
      ],
    },
    'bench',
  );
}
