/**
 * Fuzzing the importers (issue "Nothing sloforge writes can run code"): random strings (newlines,
 * quotes, backticks, `${`, `*\/`, `</script>`, U+2028/U+2029, NUL, lone surrogates) in every field of
 * a Sloth spec and an OpenSLO SLO, and in the file path. Each import either refuses with a UserError
 * or writes a module whose tree, parsed here with acorn independently of the writer, holds only the
 * builder calls and literals an import writes, with the strings given kept exactly; a sample of
 * them is validated by the CLI. Random bytes and YAML never end in anything but a UserError.
 * A fixed seed runs in `make test`; SLOFORGE_FUZZ_SEED explores another, and a seed that ever
 * failed joins REGRESSION_SEEDS.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'acorn';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { UserError } from '../src/core/errors.js';
import { importOpenSlo } from '../src/importers/openslo.js';
import { importPyrra } from '../src/importers/pyrra.js';
import { importSloth } from '../src/importers/sloth.js';
import { sloforge, tempDir } from './helpers/tools.js';

const BASE_SEED = 20261207;
const REGRESSION_SEEDS: number[] = [];
const seeds = [BASE_SEED, ...REGRESSION_SEEDS, ...(process.env.SLOFORGE_FUZZ_SEED ? [Number(process.env.SLOFORGE_FUZZ_SEED)] : [])];

const PIECES = [
  '\n',
  '\r\n',
  '"',
  "'",
  '`',
  '${',
  '*/',
  '/*',
  '//',
  '</script>',
  '\u2028',
  '\u2029',
  '\u0000',
  '\ud800',
  '\udc00',
  '\\',
  '{',
  '}',
  'process.exit(7)',
  '__proto__',
  'é',
  '😀',
];
/** Strings built of hostile pieces and ordinary characters. */
const hostile = fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 6, unit: 'binary' })), { maxLength: 8 }).map((parts) => parts.join(''));
/** A name with a letter to make an id of, and anything after it. */
const named = fc.tuple(fc.constantFrom('api', 'Web', 'x'), hostile).map(([a, b]) => a + b);
/** A label value inside a PromQL string: any character but an unescaped quote or backslash. */
const labelValue = hostile.map((s) => s.replace(/["\\]/g, '_'));
const labelName = fc.constantFrom('team', 'tier', 'region', 'slack_channel');
/** An RFC 1123 label (OpenSLO names): the importers refuse anything else before using it. */
const dnsLabel = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/);

/** Only these nodes may appear in a written catalog; the walk collects every string literal. */
const ALLOWED = new Set([
  'Program',
  'ImportDeclaration',
  'ImportSpecifier',
  'Identifier',
  'ExportDefaultDeclaration',
  'CallExpression',
  'ObjectExpression',
  'Property',
  'ArrayExpression',
  'Literal',
  'UnaryExpression',
]);

function strictTree(source: string): string[] {
  const strings: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown> & { type?: string };
    if (typeof n.type === 'string') {
      expect(ALLOWED.has(n.type), `${n.type} in\n${source}`).toBe(true);
      if (n.type === 'CallExpression') expect(['catalog', 'service', 'environment']).toContain((n.callee as { name: string }).name);
      if (n.type === 'Property') expect(n.computed ? (n.key as { value: unknown }).value : '__proto__').toBe('__proto__');
      if (n.type === 'Literal') {
        expect(n.regex).toBeUndefined();
        if (typeof n.value === 'string') strings.push(n.value);
      }
    }
    for (const [key, value] of Object.entries(n)) if (key !== 'type' && key !== 'loc') walk(value);
  };
  const program = parse(source, { ecmaVersion: 2022, sourceType: 'module' });
  expect(program.body.map((n) => n.type)).toEqual(['ImportDeclaration', 'ExportDefaultDeclaration']);
  walk(program.body);
  return strings;
}

const slothSpec = fc.record({
  service: named,
  owner: hostile,
  labels: fc.dictionary(labelName, hostile, { maxKeys: 3 }),
  name: named,
  description: hostile,
  objective: fc.double({ min: 50, max: 99.999, noNaN: true }),
  code: labelValue,
  job: labelValue,
  // Half valid alert names, half hostile (imported as the nearest valid name, with a warning).
  alertName: fc.oneof(fc.stringMatching(/^[a-zA-Z_:][a-zA-Z0-9_:]{0,30}$/), hostile),
  annotation: hostile,
  path: hostile.map((s) => `${s}.yml`),
});

function slothText(s: typeof slothSpec extends fc.Arbitrary<infer T> ? T : never): string {
  const selector = (extra: string) => `sum(rate(http_requests_total{job="${s.job}"${extra}}[{{.window}}]))`;
  return stringify({
    version: 'prometheus/v1',
    service: s.service,
    labels: { owner: s.owner, ...s.labels },
    slos: [
      {
        name: s.name,
        objective: s.objective,
        description: s.description,
        sli: { events: { error_query: selector(`,code="${s.code}"`), total_query: selector('') } },
        alerting: { name: s.alertName, annotations: { summary: s.annotation, wiki: s.annotation }, page_alert: { labels: { routing_key: s.annotation } } },
      },
    ],
  });
}

function outcome(run: () => { source: string }): { source: string } | UserError {
  try {
    return run();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
}

describe.each(seeds)('import fuzzing, seed %i', (seed) => {
  it('Sloth: every field and the path hostile: a refusal or a module of literals that keeps each string', () => {
    const written: string[] = [];
    fc.assert(
      fc.property(slothSpec, (spec) => {
        const result = outcome(() => importSloth([{ path: spec.path, text: slothText(spec) }]));
        if (result instanceof UserError) return;
        const strings = strictTree(result.source);
        expect(strings).toContain(
          spec.service
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, '-')
            .replace(/^-+|-+$/g, ''),
        );
        if (spec.description) expect(strings).toContain(spec.description);
        expect(strings).toContain(spec.annotation);
        expect(strings).toContain(spec.code);
        if (spec.owner) expect(strings).toContain(spec.owner);
        written.push(result.source);
      }),
      { seed, numRuns: 300 },
    );
    expect(written.length).toBeGreaterThan(100);
    // The CLI loads a sample of the written catalogs: they compile, and none ran anything.
    const dir = tempDir();
    const statuses: Array<number | null> = [];
    for (const [i, source] of written.slice(0, 6).entries()) {
      const file = path.join(dir, `catalog-${i}.ts`);
      writeFileSync(file, source);
      const validated = sloforge(['validate', '--catalog', file], dir);
      // A random title or id may be refused by the catalog's own rules, with exit 2 and a named field; never anything else.
      expect([0, 2], validated.stderr).toContain(validated.status);
      expect(validated.stderr).not.toContain('internal error');
      expect(validated.stderr).not.toContain('failed to load');
      statuses.push(validated.status);
    }
    expect(statuses).toContain(0);
  });

  it('OpenSLO: hostile display names, descriptions, labels, queries and path (names are RFC 1123 labels, as OpenSLO requires)', () => {
    let written = 0;
    fc.assert(
      fc.property(dnsLabel, hostile, labelValue, dnsLabel, hostile, (service, description, code, name, file) => {
        const documents = [
          { apiVersion: 'openslo/v1', kind: 'Service', metadata: { name: service, displayName: description, labels: { team: description } } },
          {
            apiVersion: 'openslo/v1',
            kind: 'SLO',
            metadata: { name, displayName: description },
            spec: {
              service,
              description,
              budgetingMethod: 'Occurrences',
              objectives: [{ targetPercent: 99.5 }],
              indicator: {
                metadata: { name: 'sli' },
                spec: {
                  ratioMetric: {
                    counter: true,
                    good: { metricSource: { type: 'Prometheus', spec: { query: `x{code="${code}"}` } } },
                    total: { metricSource: { type: 'Prometheus', spec: { query: 'x' } } },
                  },
                },
              },
            },
          },
        ];
        const result = outcome(() => importOpenSlo([{ path: file, text: documents.map((d) => stringify(d)).join('---\n') }]));
        if (result instanceof UserError) return;
        written += 1;
        const strings = strictTree(result.source);
        expect(strings).toContain(service);
        expect(strings).toContain(code);
        if (description) expect(strings).toContain(description);
      }),
      { seed, numRuns: 300 },
    );
    // Most draws must be written, or the property checks nothing.
    expect(written).toBeGreaterThan(100);
  });

  it('Pyrra: every free-text field, the namespace, the name and the path hostile: a refusal or a module of literals that keeps each string', () => {
    let written = 0;
    fc.assert(
      fc.property(named, named, hostile, labelValue, hostile, hostile, (namespace, name, description, code, alertName, file) => {
        const resource = {
          apiVersion: 'pyrra.dev/v1alpha1',
          kind: 'ServiceLevelObjective',
          metadata: { name, namespace },
          spec: {
            description,
            target: '99.5',
            window: '4w',
            indicator: { ratio: { errors: { metric: `x{code="${code}"}` }, total: { metric: 'x' } } },
            alerting: { name: alertName, severities: { fastBurn: description } },
          },
        };
        const result = outcome(() => importPyrra([{ path: file, text: stringify(resource) }]));
        if (result instanceof UserError) return;
        written += 1;
        const strings = strictTree(result.source);
        expect(strings).toContain(code);
        if (alertName) expect(strings).toContain(alertName);
        if (description.trim()) expect(strings).toContain(description.trim());
      }),
      { seed, numRuns: 300 },
    );
    expect(written).toBeGreaterThan(100);
  });

  it('random text and random YAML: a refusal (UserError) or a module, never a crash', () => {
    const yamlish = fc
      .array(
        fc.oneof(
          fc.constantFrom(
            'version: "prometheus/v1"\n',
            'apiVersion: openslo/v1\n',
            'kind: SLO\n',
            'slos:\n',
            '  - ',
            'name: ',
            'objective: ',
            '&a ',
            '*a',
            '!!binary ',
            '---\n',
            '{',
            '[',
            'null',
            '42',
            '\n',
          ),
          fc.string({ maxLength: 8 }),
        ),
        { maxLength: 20 },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(yamlish, (text) => {
        for (const importer of [importSloth, importOpenSlo]) {
          const result = outcome(() => importer([{ path: 'f.yml', text }]));
          if (!(result instanceof UserError)) strictTree(result.source);
        }
      }),
      { seed, numRuns: 500 },
    );
  });
});
