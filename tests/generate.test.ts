import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MANIFEST_PATH } from '../src/output/owned-paths.js';
import { checkGeneratedFiles, writeGeneratedFiles } from '../src/output/write.js';
import { PROJECT_ROOT, sloforge, tempDir } from './helpers/tools.js';

function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[path.relative(root, full)] = createHash('sha256').update(readFileSync(full)).digest('hex');
    }
  };
  walk(root);
  return out;
}

describe('sloforge generate (CLI, Kimberly catalog)', () => {
  const catalog = path.join(PROJECT_ROOT, 'slos/index.ts');

  it('writes byte-identical output twice, and --check then passes', () => {
    const a = tempDir();
    const b = tempDir();
    const first = sloforge(['generate', '--catalog', catalog, '--out', a]);
    expect(first.status, first.stderr).toBe(0);
    expect(sloforge(['generate', '--catalog', catalog, '--out', b]).status).toBe(0);
    const again = sloforge(['generate', '--catalog', catalog, '--out', a]);
    expect(again.stdout).toMatch(/0 written/);
    expect(snapshot(a)).toEqual(snapshot(b));
    expect(Object.keys(snapshot(a)).length).toBeGreaterThan(50);
    const check = sloforge(['generate', '--catalog', catalog, '--out', a, '--check']);
    expect(check.status, check.stderr).toBe(0);
  });

  it('matches the committed output (generate --check on the repository)', () => {
    const check = sloforge(['generate', '--check']);
    expect(check.status, check.stderr).toBe(0);
  });

  it('--check exits 1 and lists changed, missing and stale files, writing nothing', () => {
    const out = tempDir();
    expect(sloforge(['generate', '--catalog', catalog, '--out', out]).status).toBe(0);
    const changed = 'alerts/kimberly/production/api-errors-5xx.rules.yml';
    const missing = 'alerts/kimberly/staging/chat-latency-p50.test.yml';
    writeFileSync(path.join(out, changed), 'edited\n');
    rmSync(path.join(out, missing));
    const before = snapshot(out);
    const check = sloforge(['generate', '--catalog', catalog, '--out', out, '--check']);
    expect(check.status).toBe(1);
    expect(check.stderr).toContain(`changed  ${changed}`);
    expect(check.stderr).toContain(`missing  ${missing}`);
    expect(snapshot(out)).toEqual(before);
  });

  it('prints help for every command', () => {
    for (const command of [[], ['generate'], ['validate'], ['list']]) {
      const help = sloforge([...command, '--help']);
      expect(help.status).toBe(0);
      expect(help.stdout).toMatch(/Usage: sloforge/);
    }
  });

  it('lists instances as JSON with objective, period and budget', () => {
    const list = sloforge(['list', '--json']);
    expect(list.status, list.stderr).toBe(0);
    const rows = JSON.parse(list.stdout) as Array<Record<string, unknown>>;
    expect(rows).toContainEqual(
      expect.objectContaining({ slo: 'api-errors-5xx', env: 'production', objective: '99%', period: '30d', errorBudget: '1%', errorBudgetTime: '7h12m' }),
    );
    expect(rows.some((r) => r.env === 'development')).toBe(false);
  });
});

describe('writing generated files', () => {
  const files = (names: string[]) => names.map((name) => ({ path: name, content: `# generated ${name}\n` }));

  it('deletes stale files it generated, keeps hand-edited ones and never touches others', async () => {
    const out = tempDir();
    await writeGeneratedFiles(out, files(['alerts/a/x.rules.yml', 'alerts/a/y.rules.yml', 'alerts/b/z.rules.yml', 'alerts/b/edited.rules.yml']));
    mkdirSync(path.join(out, 'alerts/a'), { recursive: true });
    writeFileSync(path.join(out, 'alerts/a/mine.yml'), 'hand-written\n');
    writeFileSync(path.join(out, 'alerts/b/edited.rules.yml'), 'changed by hand\n');
    const result = await writeGeneratedFiles(out, files(['alerts/a/x.rules.yml']));
    expect(result.deleted.sort()).toEqual(['alerts/a/y.rules.yml', 'alerts/b/z.rules.yml']);
    expect(result.keptEdited).toEqual(['alerts/b/edited.rules.yml']);
    expect(existsSync(path.join(out, 'alerts/a/mine.yml'))).toBe(true);
    expect(existsSync(path.join(out, 'alerts/b/edited.rules.yml'))).toBe(true);
    expect(existsSync(path.join(out, 'alerts/a/y.rules.yml'))).toBe(false);
    expect(JSON.parse(readFileSync(path.join(out, MANIFEST_PATH), 'utf8')).files).toHaveProperty(['alerts/a/x.rules.yml']);
  });

  it('reports stale files in a check', async () => {
    const out = tempDir();
    await writeGeneratedFiles(out, files(['alerts/a/x.rules.yml', 'alerts/a/y.rules.yml']));
    const check = checkGeneratedFiles(out, files(['alerts/a/x.rules.yml']));
    expect(check.stale).toEqual(['alerts/a/y.rules.yml']);
    expect(check.changed).toEqual([MANIFEST_PATH]);
  });

  it('refuses paths outside the output folder', async () => {
    await expect(writeGeneratedFiles(tempDir(), files(['../escape.yml']))).rejects.toThrow(/outside the output folder/);
  });
});
