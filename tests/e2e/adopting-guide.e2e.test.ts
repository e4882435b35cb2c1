/**
 * docs/adopting.md, run as written: every `sh` block in order, in one bash session, in an empty
 * folder, with the packed tarball as SLOFORGE_TGZ. It runs in a user, network and PID namespace of
 * its own (unshare -rnpf), so that the guide's standard ports (9090, 9093, 9115, 8080, 5001) are
 * free whatever else runs, and every process it starts ends with it; npm reads its cache only
 * (npm ci filled it), since the namespace has no network. The test asserts what the guide says:
 * the page reaches the webhook at /page with the guide's labels, within 3 minutes of the kill
 * (the trace timestamps each command), and the report lists the firing page.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scaled } from '../helpers/slowdown.js';
import { PROJECT_ROOT, run, tempDir } from '../helpers/tools.js';

const GUIDE = path.join(PROJECT_ROOT, 'docs/adopting.md');

/** The guide's shell blocks, in order. */
function shellBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

describe('docs/adopting.md, run verbatim', () => {
  it('goes from an empty folder to a page at the webhook', { timeout: scaled(900_000) }, () => {
    const blocks = shellBlocks(readFileSync(GUIDE, 'utf8'));
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    const dir = tempDir('sloforge-guide-');
    const packed = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], PROJECT_ROOT).stdout) as Array<{
      filename: string;
    }>;
    // Each command traced with the time it started ($EPOCHREALTIME); the guide's text is not changed.
    writeFileSync(path.join(dir, 'guide.sh'), `set -euo pipefail\nPS4='+ $EPOCHREALTIME '\nset -x\n${blocks.join('\n')}`);
    const result = spawnSync(
      'timeout',
      [String(Math.round(scaled(800))), 'unshare', '-r', '-n', '-p', '-f', 'bash', '-c', 'ip link set lo up && exec bash guide.sh'],
      {
        cwd: dir,
        encoding: 'utf8',
        env: {
          ...process.env,
          SLOFORGE_TGZ: path.join(dir, packed[0].filename),
          npm_config_offline: 'true',
          npm_config_audit: 'false',
          npm_config_fund: 'false',
        },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const trace = result.stderr;
    expect(result.status, `${result.stdout}\n${trace.slice(-4000)}`).toBe(0);
    const at = (pattern: RegExp) => {
      const line = trace.split('\n').find((l) => pattern.test(l));
      expect(line, String(pattern)).toBeDefined();
      return Number(/^\++ (\d+\.\d+) /.exec(line!)![1]);
    };
    const stopped = at(/^\+ \S+ kill \d+$/);
    const seen = at(/^\+ \S+ grep -o '"alertname":"SLOBurnRate1h5m"'/);
    const seconds = seen - stopped;
    console.log(`docs/adopting.md: page at the webhook ${seconds.toFixed(1)} s after the web server stopped`);
    expect(seconds).toBeLessThan(180);
    // The first notification is the page, at /page, with the labels the guide lists.
    const log = readFileSync(path.join(dir, 'web-slos/notifications.log'), 'utf8');
    const [first] = log.split('\n').filter((l) => l.includes('"status":"firing"'));
    expect(first.startsWith('/page ')).toBe(true);
    const body = JSON.parse(first.slice('/page '.length)) as {
      receiver: string;
      alerts: Array<{ labels: Record<string, string>; annotations: Record<string, string> }>;
    };
    expect(body.receiver).toBe('web-page');
    expect(body.alerts[0].labels).toEqual({ alertname: 'SLOBurnRate1h5m', severity: 'page', service: 'web', slo: 'home-page-up', env: 'production' });
    expect(Object.keys(body.alerts[0].annotations)).toEqual(expect.arrayContaining(['summary', 'description', 'runbook_url', 'dashboard_url']));
    // Step 4, a minute after the start: met, or no data until the 4-minute reporting group first ran
    // (its first run falls anywhere in those 4 minutes); never missed. Step 5: the page listed.
    const step4 = result.stdout.split('\n').find((l) => /home-page-up\s+production/.test(l));
    expect(step4).toMatch(/\s(met|no data)$/);
    // Step 5: the page listed, with the status the recorded SLI allows: burning while it still reads the
    // healthy start, missed once a reporting run holds the failed probes, no data before its first run.
    expect(result.stdout).toMatch(
      /home-page-up .*SLOBurnRate1h5m\(page\).*(BURNING \(met so far, alert firing\)|MISSED|NO DATA \(no SLI recorded yet; alert firing\))/,
    );
  });
});
