/**
 * The documentation's command lines name commands and options the CLI has: every `sloforge …`
 * line of a shell block, and every inline code that starts with one, in the README, CONTRIBUTING and
 * docs/ is parsed, and its command's own
 * `--help` must list each option it uses. A renamed option or command fails here, not in a
 * reader's terminal. (The commands that need a live Prometheus run for real in the e2e suites;
 * docs/operating.md's walkthrough runs verbatim in tests/e2e.)
 */
import { describe, expect, it } from 'vitest';
import { DOC_COMMAND_LINES } from './helpers/doc-commands.js';
import { sloforge } from './helpers/tools.js';

const LINES = DOC_COMMAND_LINES;
const helpOf = new Map<string, ReturnType<typeof sloforge>>();
function help(command: string[]): ReturnType<typeof sloforge> {
  const key = command.join(' ');
  if (!helpOf.has(key)) helpOf.set(key, sloforge([...command, '--help']));
  return helpOf.get(key)!;
}

describe('command lines in the documentation', () => {
  it('there are many to check, in several pages', () => {
    expect(LINES.length).toBeGreaterThan(20);
    expect(new Set(LINES.map((l) => l.where)).size).toBeGreaterThan(3);
  });

  it.each(LINES.map((l) => [`${l.where}: ${l.line}`, l] as const))('%s', (_, { command, options }) => {
    const shown = help(command);
    expect(shown.status, `${command.join(' ')} --help: ${shown.stderr}`).toBe(0);
    // Commander prints the command's usage first: an unknown command would print the top-level help.
    expect(shown.stdout).toContain(`Usage: sloforge ${command.join(' ')}`);
    for (const option of options) expect(shown.stdout, `${command.join(' ')} has no ${option}`).toMatch(new RegExp(`(^|[\\s,])${option}\\b`, 'm'));
  });
});
