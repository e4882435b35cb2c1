/**
 * The rule file layout (issue "Scale"): per-slo (the default) writes one rule file per SLO instance,
 * per-service-env one per service and environment with the same per-SLO groups inside.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { validateCatalog } from '../src/catalog/validate.js';
import { compileCatalog } from '../src/compile.js';
import type { GeneratedFile } from '../src/core/generated-file.js';
import { compiled as kimberly } from './helpers/kimberly.js';
import kimberlyCatalog from '../slos/index.js';
import { promtool, sloforge, tempDir, writeFiles } from './helpers/tools.js';

interface Group {
  name: string;
  rules: unknown[];
}
const groupsOf = (file: GeneratedFile) => (parse(file.content) as { groups: Group[] }).groups;
const rulesFiles = (files: GeneratedFile[]) => files.filter((f) => f.path.endsWith('.rules.yml'));

describe('rule file layout', () => {
  const perServiceEnv = compileCatalog(validateCatalog({ ...kimberlyCatalog, ruleFiles: 'per-service-env', tests: 'none' }, 'slos/index.ts'));

  it('per-service-env: one file per service and environment, holding exactly the groups of the per-SLO files', () => {
    const files = rulesFiles(perServiceEnv.files);
    expect(files.map((f) => f.path)).toEqual(['alerts/kimberly/production.rules.yml', 'alerts/kimberly/staging.rules.yml']);
    for (const env of ['production', 'staging']) {
      const perSlo = rulesFiles(kimberly.files).filter((f) => f.path.startsWith(`alerts/kimberly/${env}/`));
      expect(perSlo.length).toBeGreaterThan(20);
      const merged = groupsOf(files.find((f) => f.path === `alerts/kimberly/${env}.rules.yml`)!);
      const byName = (groups: Group[]) => [...groups].sort((a, b) => a.name.localeCompare(b.name));
      expect(byName(merged)).toEqual(byName(perSlo.flatMap(groupsOf)));
    }
    // Everything else is the same (dashboards, routing, budgets), except the rule-file list for prometheus.yml: one glob per folder of rule files.
    const ruleFileList = 'generated/prometheus/rule-files.yml';
    const others = (files: GeneratedFile[]) =>
      files.filter((f) => !f.path.startsWith('alerts/') && f.path !== 'generated/.sloforge-manifest.json' && f.path !== ruleFileList);
    expect(others(perServiceEnv.files)).toEqual(others(kimberly.files));
    const list = (files: GeneratedFile[]) => (parse(files.find((f) => f.path === ruleFileList)!.content) as { rule_files: string[] }).rule_files;
    expect(list(perServiceEnv.files)).toEqual(['alerts/kimberly/*.rules.yml']);
    expect(list(kimberly.files)).toEqual(['alerts/kimberly/production/*.rules.yml', 'alerts/kimberly/staging/*.rules.yml']);
  });

  it('per-service-env files load in promtool', () => {
    const dir = tempDir();
    writeFiles(dir, perServiceEnv.files);
    const result = promtool(['check', 'rules', ...rulesFiles(perServiceEnv.files).map((f) => path.join(dir, f.path))]);
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/SUCCESS: \d{3,} rules found/);
  });

  it('generate --rule-files per-service-env replaces the per-SLO files; with tests asked for, it fails and writes nothing', () => {
    const dir = tempDir();
    const refused = sloforge(['generate', '--out', dir, '--rule-files', 'per-service-env']);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/field ruleFiles: 'per-service-env' rule files cannot carry generated promtool tests \(tests: 'full'\)/);
    expect(existsSync(path.join(dir, 'alerts'))).toBe(false);
    expect(sloforge(['generate', '--out', dir]).status).toBe(0);
    const done = sloforge(['generate', '--out', dir, '--rule-files', 'per-service-env', '--tests', 'none']);
    expect(done.status, done.stderr).toBe(0);
    expect(readdirSync(path.join(dir, 'alerts/kimberly')).sort()).toEqual(['production.rules.yml', 'staging.rules.yml']);
    expect(readFileSync(path.join(dir, 'alerts/kimberly/production.rules.yml'), 'utf8')).toMatch(/^# {3}SLO uptime, written at /m);
  });
});
