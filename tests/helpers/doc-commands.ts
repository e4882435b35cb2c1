/**
 * The documentation's `sloforge` command lines: every `sloforge …` line of a shell block, and every
 * inline code that starts with one, in the README, CONTRIBUTING and docs/. tests/docs-cli.test.ts
 * checks their options against each command's --help; tests/e2e/docs-commands.e2e.test.ts runs them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './tools.js';

const PAGES = [
  'README.md',
  'CONTRIBUTING.md',
  ...readdirSync(path.join(PROJECT_ROOT, 'docs'))
    // The survivors page is generated from source code, not written for readers.
    .filter((f) => f.endsWith('.md') && f !== 'mutation-survivors.md')
    .map((f) => `docs/${f}`),
];

/** Commands with subcommands: their first word alone is not a command. */
const GROUPS = new Set(['import', 'export']);

export interface CommandLine {
  where: string;
  line: string;
  command: string[];
  options: string[];
}

/** The lines of each fenced block in a shell language (or none), fences paired in order. */
function shellBlocks(text: string): string[][] {
  const blocks: string[][] = [];
  let open: { shell: boolean; lines: string[] } | undefined;
  for (const line of text.split('\n')) {
    const fence = /^```(\w*)/.exec(line);
    if (open && /^```\s*$/.test(line)) {
      if (open.shell) blocks.push(open.lines);
      open = undefined;
    } else if (!open && fence) open = { shell: ['', 'sh', 'bash', 'shell', 'console'].includes(fence[1]), lines: [] };
    else open?.lines.push(line);
  }
  return blocks;
}

/** `sloforge <command> [subcommand] …` lines of the shell blocks of a page, up to a comment, pipe or `||`. */
function commandLines(page: string): CommandLine[] {
  const lines: CommandLine[] = [];
  const text = readFileSync(path.join(PROJECT_ROOT, page), 'utf8');
  // Shell blocks, and inline code that starts a command (`sloforge report --prometheus URL`).
  const inline = [...text.matchAll(/`((?:npx )?sloforge [a-z][^`\n]*)`/g)].map((m) => m[1]);
  for (const block of [...shellBlocks(text), inline]) {
    for (const raw of block) {
      const line = raw
        .replace(/^\$\s+/, '')
        .split(/\s#\s|\s\|\|?\s|\s&&\s/)[0]
        .trim();
      const words = line.split(/\s+/);
      const at = words.findIndex((w) => w === 'sloforge' || w.endsWith('/sloforge.mjs') || w.endsWith('/sloforge'));
      if (at < 0 || !/^[a-z]/.test(words[at + 1] ?? '')) continue;
      // npx sloforge, node bin/sloforge.mjs, or sloforge on PATH; not "sloforge is …" prose.
      if (at > 0 && !['npx', 'node', 'exec'].includes(words[at - 1]) && !words[at - 1].endsWith('=')) continue;
      const command = GROUPS.has(words[at + 1]) ? words.slice(at + 1, at + 3) : [words[at + 1]];
      const options = words
        .slice(at + 1)
        .map((w) => w.replace(/^\[/, ''))
        .filter((w) => /^--[a-z]/.test(w))
        .map((w) => w.split(/[=\]|]/)[0]);
      lines.push({ where: page, line, command, options });
    }
  }
  return lines;
}

/** Every command line of every page. */
export const DOC_COMMAND_LINES = PAGES.flatMap(commandLines);
