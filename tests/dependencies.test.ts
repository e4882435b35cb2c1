/**
 * Dependencies and feasibility (issue "What real SLOs need from the catalog", part 3): the product
 * of an SLO's hard dependencies' objectives bounds its own. Expected bounds are worked by hand.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateCatalog } from '../src/catalog/validate.js';
import { counter, environment, errorRate, hard, service, soft } from '../src/index.js';
import type { SloInput } from '../src/index.js';
import { resolveCatalog } from '../src/model/resolve.js';
import { PROJECT_ROOT, sloforge, tempDir } from './helpers/tools.js';

const base = { owner: 'sre', runbookBaseUrl: 'https://r.example.com', dashboardBaseUrl: 'https://g.example.com' };
const production = [environment('production', { period: '30d', alerting: 'page-and-ticket' })];
const errors = (id: string, below: `${number}%`, extra: Partial<SloInput> = {}): SloInput => ({
  ...errorRate({ id, title: id, events: counter(`${id.replace(/-/g, '_')}_total`), bad: { code: /5../ }, below }),
  ...extra,
});

function resolve(api: SloInput, others: SloInput[] = [errors('auth', '0.05%'), errors('model', '0.1%')]) {
  return resolveCatalog(validateCatalog({ services: [service({ name: 'kimberly', ...base, environments: production, slos: [api, ...others] })] }, 'deps.ts'));
}

describe('feasibility against hard dependencies', () => {
  // [objective of api, its dependencies, at most achievable (by hand), status]
  it.each([
    ['99.9%: the issue example, 99.95% × 99.9% = 99.85005%', '0.1%', [hard('auth'), hard('model')], '99.85%', 'infeasible'],
    ['99.8%: under 99.85005%, dependencies use 74.975% of the 0.2% budget', '0.2%', [hard('auth'), hard('model')], '99.85%', 'tight'],
    ['99.5%: 0.14995% of 0.5% is 29.99%', '0.5%', [hard('auth'), hard('model')], '99.85%', 'ok'],
    ['99.9% with one soft dependency: only auth counts, 99.95%', '0.1%', [hard('auth'), soft('model')], '99.95%', 'ok'],
  ] as const)('%s', (_, below, dependsOn, atMost, status) => {
    const run = () => resolve(errors('api', below, { dependsOn: [...dependsOn] }));
    if (status === 'infeasible') {
      expect(run).toThrow(
        /dependencies\.test\.ts:\d+: service "kimberly", SLO "api", field "dependsOn": kimberly api 99\.9% in production needs kimberly auth 99\.95% and kimberly model 99\.9%: at most 99\.85% is achievable/,
      );
      return;
    }
    const [check] = run().feasibility;
    expect(check.status).toBe(status);
    expect(check.message).toContain(`at most ${atMost} is achievable`);
  });

  it('warns, not refuses, when only the future objective is out of reach', () => {
    // GA 99.9% needs model 99.8%: out of reach; the active 99% uses 20% of its budget.
    const api = errors('api', '1%', { environments: { production: { future: { objective: 99.9, label: 'GA' } } }, dependsOn: [hard('model')] });
    const checks = resolve(api, [errors('model', '0.2%')]).feasibility;
    expect(checks.map((c) => [c.objectiveLabel, c.status])).toEqual([
      ['active', 'ok'],
      ['GA', 'infeasible'],
    ]);
  });

  it('refuses an unknown dependency, a dependency on itself, and a cycle of hard dependencies', () => {
    expect(() => resolve(errors('api', '1%', { dependsOn: [hard('billing')] }))).toThrow(
      'service "kimberly", SLO "api", field "dependsOn[0]" (services[0].slos[0]): no SLO "billing" in service "kimberly"',
    );
    expect(() => resolve(errors('api', '1%', { dependsOn: [hard('api')] }))).toThrow('an SLO cannot depend on itself');
    const cycle = () =>
      resolve(errors('api', '1%', { dependsOn: [hard('auth')] }), [errors('auth', '0.05%', { dependsOn: [hard('api')] }), errors('model', '0.1%')]);
    expect(cycle).toThrow('hard dependencies form a cycle: kimberly api → kimberly auth → kimberly api');
  });

  it('names dependencies in other services, and skips environments the dependency has no SLA in', () => {
    const payments = service({ name: 'payments', ...base, environments: production, slos: [errors('provider', '1%')] });
    const shop = service({
      name: 'shop',
      ...base,
      environments: [...production, environment('staging', { period: '7d', alerting: 'ticket-only' })],
      slos: [errors('checkout', '0.5%', { dependsOn: [hard('provider', { service: 'payments' })] })],
    });
    expect(() => resolveCatalog(validateCatalog({ services: [shop, payments] }, 'deps.ts'))).toThrow(
      'shop checkout 99.5% in production needs payments provider 99%: at most 99% is achievable',
    );
  });
});

describe('the CLI', () => {
  function catalogFile(slos: string): string {
    const dir = tempDir();
    const file = path.join(dir, 'catalog.ts');
    writeFileSync(
      file,
      `import { catalog, counter, environment, errorRate, hard, service, soft } from '${PROJECT_ROOT}/dist/index.js';
const e = (id: string, below: \`\${number}%\`, dependsOn = []) => errorRate({ id, title: id, events: counter(id + '_total'), bad: { code: /5../ }, below, dependsOn });
export default catalog(service({ name: 'kimberly', owner: 'sre', runbookBaseUrl: 'https://r.example.com', dashboardBaseUrl: 'https://g.example.com',
  environments: [environment('production', { period: '30d', alerting: 'page-and-ticket' })],
  slos: [${slos}],
}));
`,
    );
    return file;
  }

  it('validate refuses an infeasible objective with exit 2 and warns about a tight one', () => {
    const infeasible = sloforge([
      'validate',
      '--catalog',
      catalogFile(`e('api', '0.1%', [hard('auth'), hard('model')]), e('auth', '0.05%'), e('model', '0.1%')`),
    ]);
    expect(infeasible.status).toBe(2);
    expect(infeasible.stderr).toContain('kimberly api 99.9% in production needs kimberly auth 99.95% and kimberly model 99.9%: at most 99.85% is achievable');
    const tight = sloforge(['validate', '--catalog', catalogFile(`e('api', '0.2%', [hard('auth'), hard('model')]), e('auth', '0.05%'), e('model', '0.1%')`)]);
    expect(tight.status).toBe(0);
    expect(tight.stderr).toContain('warning: tight objective: kimberly api 99.8% in production needs');
  });

  it('list shows the dependency tree, hard and soft, with each verdict', () => {
    const list = sloforge([
      'list',
      '--catalog',
      catalogFile(`e('api', '0.5%', [hard('auth'), soft('model')]), e('auth', '0.05%', [hard('db')]), e('model', '0.1%'), e('db', '0.01%')`),
    ]);
    expect(list.status).toBe(0);
    const tree = list.stdout.slice(list.stdout.indexOf('Dependencies'));
    const lines = tree.split('\n');
    const at = (line: string) => lines.indexOf(line);
    const order = ['kimberly api', '├── hard kimberly auth', '│   └── hard kimberly db', '└── soft kimberly model'].map(at);
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(tree).toContain('ok: kimberly auth 99.95% in production needs kimberly db 99.99%');
    expect(tree).toContain('ok: kimberly api 99.5% in production needs kimberly auth 99.95%: at most 99.95% is achievable');
  });
});
