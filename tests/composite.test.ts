/**
 * Composite (journey) SLOs (issue "What real SLOs need from the catalog", part 4): the journey's
 * error ratio from its components' recorded ratios, checked under promtool against values worked
 * by hand, and the catalog errors for components it cannot use.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { validateCatalog } from '../src/catalog/validate.js';
import { compileCatalog } from '../src/compile.js';
import { composite, counter, environment, errorRate, service } from '../src/index.js';
import type { SloInput } from '../src/index.js';
import { promtool, tempDir } from './helpers/tools.js';

const component = (id: string, below: `${number}%` = '1%', extra: Partial<SloInput> = {}): SloInput => ({
  ...errorRate({ id, title: id, events: counter(`${id}_total`), bad: { code: /5../ }, below }),
  ...extra,
});

function compile(journey: SloInput, components: SloInput[] = [component('auth'), component('inference')]) {
  const catalog = {
    services: [
      service({
        name: 'chat',
        owner: 'o',
        runbookBaseUrl: 'https://r.example.com',
        dashboardBaseUrl: 'https://g.example.com',
        environments: [environment('production', { period: '30d', alerting: 'page-and-ticket' })],
        slos: [...components, journey],
      }),
    ],
  };
  return compileCatalog(validateCatalog(catalog, 'journey.ts'));
}

/** The journey's 5m error ratio under promtool: auth fails 10% of 60 a minute, inference none. */
function journeyRatio(mode: 'weighted' | 'worst', weights: [number, number]) {
  const files = compile(
    composite({
      id: 'turn',
      title: 'A chat turn',
      components: [
        { slo: 'auth', weight: weights[0] },
        { slo: 'inference', weight: weights[1] },
      ],
      mode,
      objective: 99,
    }),
  ).files;
  const dir = tempDir();
  for (const f of files.filter((f) => f.path.endsWith('.rules.yml'))) writeFileSync(path.join(dir, path.basename(f.path)), f.content);
  return (expected: number) => {
    const test = {
      rule_files: ['turn.rules.yml', 'auth.rules.yml', 'inference.rules.yml'],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [
            { series: 'auth_total{env="production",code="200"}', values: '0+54x30' },
            { series: 'auth_total{env="production",code="503"}', values: '0+6x30' },
            { series: 'inference_total{env="production",code="200"}', values: '0+60x30' },
          ],
          promql_expr_test: [
            {
              expr: 'slo:sli_error:ratio_rate5m{slo="turn"}',
              eval_time: '20m',
              exp_samples: [{ labels: 'slo:sli_error:ratio_rate5m{service="chat",slo="turn",env="production"}', value: expected }],
            },
          ],
        },
      ],
    };
    writeFileSync(path.join(dir, 'test.yml'), stringify(test));
    const result = promtool(['test', 'rules', 'test.yml'], dir);
    return result.stdout + result.stderr;
  };
}

describe('a journey under promtool', () => {
  it.each([
    ['weighted 1:1: (10% + 0%) / 2', 'weighted', [1, 1], 0.05],
    ['weighted 1:3: (10% × 1 + 0% × 3) / 4', 'weighted', [1, 3], 0.025],
    ['the worst component: 10%', 'worst', [1, 1], 0.1],
  ] as const)('%s', (_, mode, weights, expected) => {
    expect(journeyRatio(mode, [...weights])(expected)).toContain('SUCCESS');
  });

  it('can fail: a wrong expectation is reported', () => {
    expect(journeyRatio('weighted', [1, 1])(0.1)).toContain('FAILED');
  });
});

describe('journey components the catalog refuses', () => {
  const journey = (components: string[]) => composite({ id: 'turn', title: 'A chat turn', components, objective: 99 });
  it('an unknown component, a period that differs, a grouped component, a journey of journeys', () => {
    expect(() => compile(journey(['auth', 'billing']))).toThrow('field "sli.components[1]" (services[0].slos[2]): no SLO chat billing in production');
    expect(() =>
      compile(journey(['auth', 'inference']), [component('auth'), component('inference', '1%', { environments: { production: { period: '7d' } } })]),
    ).toThrow('chat inference has a 7d period, the journey 30d: they must match');
    expect(() => compile(journey(['auth', 'inference']), [component('auth', '1%', { groupBy: ['route'] }), component('inference')])).toThrow(
      'must be a burn-rate SLO without groups',
    );
    expect(() => compile(composite({ id: 'turn', title: 'T', components: ['auth'], objective: 99 }))).toThrow(
      'a composite SLO needs at least two component SLOs',
    );
  });
});
