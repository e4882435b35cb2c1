/**
 * The documented prometheus.yml (docs/operating.md), verbatim, against a real Prometheus 2.42 (issue "A team adopts
 * sloforge", defect 6): its rule_files list is the one generate writes, promtool accepts it, and
 * Prometheus loads every group of every generated rule file. The globs the README once gave are
 * refused by Prometheus itself, which is why the list exists.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { startPrometheus, stopEverything, waitFor } from '../helpers/servers.js';
import { PROJECT_ROOT, promtool, sloforge, tempDir } from '../helpers/tools.js';
import { scaled } from '../helpers/slowdown.js';

const GUIDE = readFileSync(path.join(PROJECT_ROOT, 'docs/operating.md'), 'utf8');
const MARKER = '<!-- prometheus.yml: run verbatim against a real Prometheus by tests/e2e/readme-prometheus.e2e.test.ts -->';

/** The yaml block right after the marker. */
function readmeConfig(): string {
  const after = GUIDE.slice(GUIDE.indexOf(MARKER) + MARKER.length);
  const block = /^\s*```yaml\n([\s\S]*?)```/.exec(after);
  if (!GUIDE.includes(MARKER) || !block) throw new Error('docs/operating.md has no prometheus.yml block after its marker');
  return block[1];
}

/** Every rule file below a folder, recursively. */
const ruleFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? ruleFiles(path.join(dir, e.name)) : e.name.endsWith('.rules.yml') ? [path.join(dir, e.name)] : [],
  );

afterAll(async () => {
  await stopEverything();
});

describe('the documented prometheus.yml', () => {
  // The rules as the code writes them now, into a fresh folder: prometheus.yml sits beside alerts/.
  const out = tempDir('sloforge-readme-');
  const generated = sloforge(['generate', '--out', out]);
  const config = path.join(out, 'prometheus.yml');
  writeFileSync(config, readmeConfig());

  it('lists the rule files generate writes', () => {
    expect(generated.status, generated.stderr).toBe(0);
    const listed = (parse(readFileSync(path.join(out, 'generated/prometheus/rule-files.yml'), 'utf8')) as { rule_files: string[] }).rule_files;
    expect((parse(readmeConfig()) as { rule_files: string[] }).rule_files).toEqual(listed);
  });

  it('is accepted by promtool check config, rule files included', () => {
    const checked = promtool(['check', 'config', config], out);
    expect(checked.status, checked.stdout + checked.stderr).toBe(0);
    expect(checked.stdout).toMatch(/SUCCESS: \d+ rules found/);
  });

  it(
    'loads every group of every rule file into a real Prometheus',
    async () => {
      const expectedGroups = ruleFiles(path.join(out, 'alerts')).flatMap((f) =>
        (parse(readFileSync(f, 'utf8')) as { groups: Array<{ name: string }> }).groups.map((g) => g.name),
      );
      expect(expectedGroups.length).toBeGreaterThan(50);
      const prometheus = await startPrometheus(config);
      const loaded = await waitFor(
        'the rules API',
        async () => {
          const body = (await (await fetch(`${prometheus.url}/api/v1/rules`)).json()) as { data: { groups: Array<{ name: string }> } };
          return body.data.groups.length > 0 ? body.data.groups.map((g) => g.name) : undefined;
        },
        60_000,
      );
      expect(loaded.sort()).toEqual(expectedGroups.sort());
    },
    scaled(120_000),
  );

  it.each(['alerts/**/*.rules.yml', 'alerts/*/*/*.rules.yml'])('the glob %s is refused by Prometheus itself', (glob) => {
    const bad = path.join(out, 'bad.yml');
    writeFileSync(bad, `rule_files:\n  - ${glob}\n`);
    const checked = promtool(['check', 'config', bad], out);
    expect(checked.status).not.toBe(0);
    expect(checked.stdout + checked.stderr).toMatch(/invalid rule file path/);
  });
});
