/**
 * Imports are data, never code (issue "Nothing sloforge writes can run code", defects 1-4): a spec
 * or a path crafted to end a comment or a string cannot put code into the written catalog, the
 * written source is parsed back and compared with the values meant, `__proto__` cannot hide a
 * label, a service name is never a regular expression, and malformed input is exit 2 naming the
 * file, the document, the object and the field, never exit 4.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';
import { call, checkCatalogModule, commented, writeCatalogModule } from '../src/importers/catalog-source.js';
import { firstInvalidUtf8Byte } from '../src/importers/input.js';
import { unquote } from '../src/importers/label-matchers.js';
import { sloforge, tempDir } from './helpers/tools.js';
import { scaled } from './helpers/slowdown.js';

/** Strings that end a comment, a string or a script in some language, and characters JavaScript reads as line ends. */
const HOSTILE = [
  'a\nprocess.exit(7)\n//',
  'a\r\nprocess.exit(7)',
  'x\u2028process.exit(7)',
  'x\u2029process.exit(7)',
  '"); process.exit(7); ("',
  "'); process.exit(7); ('",
  '`${process.exit(7)}`',
  '*/ process.exit(7) /*',
  '</script><script>alert(1)</script>',
  'nul\u0000byte',
  'lone \ud800 surrogate',
  '\\',
];

describe('the catalog writer: values in, the same values parsed back out', () => {
  it('keeps every hostile string as a string, in values, keys and comments', () => {
    for (const text of HOSTILE) {
      const source = writeCatalogModule({
        header: text,
        root: call('catalog', call('service', { name: text, [text]: commented(text, text), list: [commented(text, text)] })),
      });
      // Independently of the writer's own check: one import, one export, and the literal read back equals the input.
      const program = parse(source, { ecmaVersion: 2022, sourceType: 'module' });
      expect(program.body.map((n) => n.type)).toEqual(['ImportDeclaration', 'ExportDefaultDeclaration']);
      const declaration = (
        program.body[1] as unknown as { declaration: { arguments: Array<{ arguments: Array<{ properties: Array<{ value: { value: unknown } }> }> }> } }
      ).declaration;
      expect(declaration.arguments[0].arguments[0].properties[0].value.value).toBe(text.replace(/\ud800/, '\ud800'));
      expect(source).not.toContain('\u2028');
      expect(source).not.toContain('\u2029');
    }
  });

  it('writes __proto__ as an own key, not as the prototype', () => {
    const source = writeCatalogModule({ header: 'h', root: call('catalog', { labels: { __proto__x: '1', ['__proto__']: 'kept' } }) });
    expect(source).toContain('["__proto__"]: "kept"');
  });

  it('refuses a source that holds more than it meant', () => {
    const module = { header: 'h', root: call('catalog', call('service', { name: 'svc' })) };
    const source = writeCatalogModule(module);
    const builders = ['catalog', 'service'];
    const tampered = [
      source.replace('name: "svc"', 'name: "svc" + process.exit(7)'),
      source.replace('name: "svc"', 'name: `svc`'),
      source.replace('name: "svc"', 'name: (() => "svc")()'),
      source.replace('name: "svc"', '["na" + "me"]: "svc"'),
      source.replace('name: "svc"', 'name: "svc", name: "other"'),
      source.replace('name: "svc"', 'name: "other"'),
      `${source}process.exit(7);\n`,
      source.replace('// "h"', '// "h"\n// another'),
      source.replace("from 'sloforge'", "from './evil.js'"),
      source.replace('service(', 'eval('),
    ];
    for (const text of tampered) expect(() => checkCatalogModule(text, module, builders), text).toThrow(/refusing to write/);
    expect(() => checkCatalogModule(source, module, builders)).not.toThrow();
  });
});

describe('PromQL string escapes, as Go reads them', () => {
  it.each([
    ['5..', '5..'],
    ['a\\nb', 'a\nb'],
    ['a\\\\.b', 'a\\.b'],
    ['say \\"hi\\"', 'say "hi"'],
    ['\\x41\\u00e9\\U0001F600\\101', 'Aé😀A'],
    ['tab\\there', 'tab\there'],
  ])('%s', (body, value) => expect(unquote(body)).toBe(value));
});

describe('UTF-8 input', () => {
  it.each([
    [[0x61, 0x62], -1],
    [[0x61, 0xe9, 0x62], 1], // Latin-1 é
    [[0xc3, 0xa9], -1], // UTF-8 é
    [[0xc0, 0x80], 0], // overlong NUL
    [[0xed, 0xa0, 0x80], 0], // a surrogate
    [[0xf0, 0x9f, 0x98, 0x80, 0xff], 4],
    [[0xe2, 0x82], 0], // truncated
  ])('%j: first bad byte %i', (bytes, offset) => expect(firstInvalidUtf8Byte(Uint8Array.from(bytes))).toBe(offset));
});

function slothSpec(errorQuery: string, extra = ''): string {
  return `version: "prometheus/v1"
service: "svc"
labels:
  owner: team
slos:
  - name: "availability"
    objective: 99.9
${extra}    sli:
      events:
        error_query: ${errorQuery}
        total_query: sum(rate(http_requests_total{job="svc"}[{{.window}}]))
`;
}

/** Imports, then validates the written catalog; the marker file proves whether any injected code ran. */
function importThenValidate(kind: 'sloth' | 'openslo', dir: string, specPath: string) {
  const catalog = path.join(dir, 'catalog.ts');
  const imported = sloforge(['import', kind, specPath, '--out', catalog], dir);
  const validated = existsSync(catalog) ? sloforge(['validate', '--catalog', catalog], dir) : undefined;
  return { imported, validated, catalog };
}

describe('sloforge import: crafted specs and paths write data, never code', () => {
  it('a newline in a Sloth query label value stays in the value (defect 1, first case)', () => {
    const dir = tempDir();
    const marker = path.join(dir, 'PWNED');
    const query = JSON.stringify(`sum(rate(http_requests_total{job="svc",code=~"5..\nrequire('fs').writeFileSync('${marker}','')"}[{{.window}}]))`);
    writeFileSync(path.join(dir, 'spec.yml'), slothSpec(query));
    const { imported, validated, catalog } = importThenValidate('sloth', dir, path.join(dir, 'spec.yml'));
    expect(imported.status, imported.stderr).toBe(0);
    expect(validated?.status, validated?.stderr).toBe(0);
    expect(existsSync(marker)).toBe(false);
    expect(readFileSync(catalog, 'utf8')).toContain(`value: "5..\\nrequire`);
  });

  it("a newline in the spec file's path stays in the header comment, for Sloth and OpenSLO (defect 1, second case)", () => {
    for (const kind of ['sloth', 'openslo'] as const) {
      const root = tempDir();
      const marker = path.join(root, 'PWNED');
      // No slash in a folder's name: the code writes PWNED relative to the working directory, root.
      const dir = path.join(root, `x\nrequire('fs').writeFileSync('PWNED','')\n//`);
      mkdirSync(dir);
      const spec = path.join(dir, 'spec.yml');
      writeFileSync(
        spec,
        kind === 'sloth'
          ? slothSpec('sum(rate(http_requests_total{job="svc",code=~"5.."}[{{.window}}]))')
          : readFileSync(path.join(import.meta.dirname, 'fixtures/openslo/checkout.yaml'), 'utf8'),
      );
      const { imported, validated } = importThenValidate(kind, root, spec);
      expect(imported.status, imported.stderr).toBe(0);
      expect(validated?.status, validated?.stderr).toBe(0);
      expect(existsSync(marker), kind).toBe(false);
    }
  });

  it('a multi-line (YAML |) query imports into a catalog that compiles (defect 1, third case)', () => {
    const dir = tempDir();
    // Spread over lines as real specs do: each line after the first would have been code.
    const query = `|\n          sum(\n            rate(http_requests_total{job="svc",code=~"5.."}[{{.window}}])\n          )\n`;
    writeFileSync(path.join(dir, 'spec.yml'), slothSpec(query, '    description: |\n      First line.\n      Second line.\n'));
    const { imported, validated } = importThenValidate('sloth', dir, path.join(dir, 'spec.yml'));
    expect(imported.status, imported.stderr).toBe(0);
    expect(validated?.status, validated?.stderr).toBe(0);
  });

  it('a __proto__ label is refused by name (defect 2)', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'spec.yml'), slothSpec('sum(rate(x{code=~"5.."}[{{.window}}]))').replace('  owner: team', '  owner: team\n  __proto__: evil'));
    const result = sloforge(['import', 'sloth', 'spec.yml'], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('spec.yml: document 1: line 5: the key "__proto__" is refused');
  });

  it('an OpenSLO service name is compared as text, never compiled as a regex (defect 3)', () => {
    const dir = tempDir();
    const spec = (service: string, name: string) =>
      readFileSync(path.join(import.meta.dirname, 'fixtures/openslo/checkout.yaml'), 'utf8')
        .replaceAll('service: checkout', `service: ${JSON.stringify(service)}`)
        .replace('name: checkout-availability', `name: ${JSON.stringify(name)}`);
    // (a+)+$ against a long run of a's and one mismatch is exponential for a backtracking engine.
    writeFileSync(path.join(dir, 'redos.yml'), spec('(a+)+$', `${'a'.repeat(40)}!`));
    const started = Date.now();
    const redos = sloforge(['import', 'openslo', 'redos.yml'], dir);
    expect(redos.stderr).not.toContain('internal error');
    expect(Date.now() - started).toBeLessThan(scaled(60_000));
    // Names are RFC 1123 labels (as oslo requires), so "(" is refused before any use; a valid prefix is cut as text.
    writeFileSync(path.join(dir, 'paren.yml'), spec('(', '(-availability'));
    const paren = sloforge(['import', 'openslo', 'paren.yml'], dir);
    expect(paren.stderr).not.toContain('internal error');
    expect(paren.status).toBe(2);
    expect(paren.stderr).toContain('not an RFC 1123 label');
    writeFileSync(path.join(dir, 'dots.yml'), spec('a-b', 'a-b-availability').replace('name: checkout-errors', 'name: axb-errors'));
    const dots = sloforge(['import', 'openslo', 'dots.yml'], dir);
    expect(dots.status, dots.stderr).toBe(0);
    expect(dots.stdout).toContain('id: "availability"');
    expect(dots.stdout).toContain('id: "axb-errors"');
  });
});

describe('malformed import input is exit 2, naming the file, the document, the object and the field (defect 4)', () => {
  const slothCases: Array<[string, string, RegExp]> = [
    [
      'alias bomb',
      `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n`,
      /document 1: cannot read it: .*alias/i,
    ],
    [
      'description: 42',
      slothSpec('sum(rate(x{code="5"}[{{.window}}]))', '    description: 42\n'),
      /document 1: service "svc", slos\[0\] \(SLO "availability"\): field "description": /,
    ],
    ['name: 123', slothSpec('sum(rate(x{code="5"}[{{.window}}]))').replace('name: "availability"', 'name: 123'), /slos\[0\]: field "name": /],
    ['service: {…}', slothSpec('q').replace('service: "svc"', 'service: { a: 1 }'), /document 1: field "service": /],
    ['slos: [null]', 'version: "prometheus/v1"\nservice: svc\nslos: [null]\n', /service "svc", slos\[0\]: field "": /],
    ['!!binary', slothSpec('q').replace('service: "svc"', 'service: !!binary aGVsbG8='), /document 1: the tag tag:yaml.org,2002:binary is not plain data/],
    ['a null objective', slothSpec('q').replace('objective: 99.9', 'objective: null'), /field "objective": a percentage/],
    ['a list document', '- 1\n- 2\n', /document 1: not a Sloth spec/],
  ];
  it.each(slothCases)('sloth: %s', (_, text, message) => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'spec.yml'), text);
    const result = sloforge(['import', 'sloth', 'spec.yml', '--out', 'catalog.ts'], dir);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/^sloforge: spec\.yml: /);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(existsSync(path.join(dir, 'catalog.ts'))).toBe(false);
  });

  const checkout = () => readFileSync(path.join(import.meta.dirname, 'fixtures/openslo/checkout.yaml'), 'utf8');
  // [case, input, message, exit]: 1 when one SLO is skipped and the file's others imported, 2 when the file cannot be read.
  const opensloCases: Array<[string, string, RegExp, 1 | 2]> = [
    [
      'bad JSON in a sloforge.dev annotation',
      checkout().replace('  displayName: Checkout availability\n', '  displayName: Checkout availability\n  annotations:\n    sloforge.dev/slo: "{not json"\n'),
      /SLO "checkout-availability": field "metadata.annotations.sloforge.dev\/slo": not JSON/,
      1,
    ],
    [
      "bad JSON in a Service's sloforge.dev annotation",
      checkout().replace('  displayName: Checkout\n', '  displayName: Checkout\n  annotations:\n    sloforge.dev/service: "{nope"\n'),
      /Service "checkout": field "metadata.annotations.sloforge.dev\/service": not JSON/,
      2,
    ],
    [
      'a null objective',
      checkout().replace('targetPercent: 99.5', 'targetPercent: null'),
      /SLO "checkout-availability": field "spec.objectives\[0\].targetPercent": /,
      1,
    ],
    ['name: 123', checkout().replace('name: checkout-availability', 'name: 123'), /document 4: SLO: field "metadata.name": /, 2],
    ['service: {…}', checkout().replace('  service: checkout\n', '  service: { a: 1 }\n'), /SLO "checkout-availability": field "spec.service": /, 1],
    [
      'description: 42',
      checkout().replace('  description: Share of checkout', '  description: 42\n  y: Share of checkout').replace('\n  y: ', '\n  # '),
      /field "spec.description": /,
      1,
    ],
    [
      'a field OpenSLO does not have',
      checkout().replace('  description: Share of checkout', '  x: Share of checkout'),
      /SLO "checkout-availability": field "spec.x": not a field of an openslo\/v1 SLO/,
      2,
    ],
  ];
  it.each(opensloCases)('openslo: %s', (_, text, message, exit) => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'spec.yml'), text);
    const result = sloforge(['import', 'openslo', 'spec.yml'], dir);
    expect(result.status, result.stderr).toBe(exit);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it('Latin-1 input is refused with the offset of the first byte that is not UTF-8', () => {
    const dir = tempDir();
    const text = Buffer.from(slothSpec('sum(rate(x{code="5"}[{{.window}}]))', '    description: "caf\u00e9"\n'), 'latin1');
    writeFileSync(path.join(dir, 'spec.yml'), text);
    const result = sloforge(['import', 'sloth', 'spec.yml'], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`spec.yml: not UTF-8: byte ${text.indexOf(0xe9)} is 0xe9`);
  });
});
