/**
 * The last step of make mutation: docs/mutation-survivors.md lists every mutant the tests do not
 * kill, one row each, with why, from Stryker's incremental report (reports/stryker-incremental.json,
 * committed). Why comes from scripts/mutation-notes.ts (equivalent mutants, found by reading them;
 * where each file is tested besides the in-process tests) or from the mutant's status and kind.
 *
 *   npx tsx scripts/mutation-survivors.ts           writes the page and prints the scores
 *   npx tsx scripts/mutation-survivors.ts --check   exits 1 when the page is not what the report gives
 *
 * So a change that leaves a new mutant alive, or kills one, changes the page, and CI's incremental
 * run (make mutation-check) fails until the page is regenerated and committed with the change.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { EQUIVALENT, FILE_NOTES, FOLDER_GOALS } from './mutation-notes.ts';

interface Position {
  line: number;
  column: number;
}
interface Mutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  status: 'Killed' | 'Survived' | 'NoCoverage' | 'Timeout' | 'Ignored' | 'CompileError' | 'RuntimeError' | 'Pending';
  location: { start: Position; end: Position };
}
interface Report {
  files: Record<string, { source: string; mutants: Mutant[] }>;
}

/** Why a mutant lives: equivalent (no input can tell it apart), unreached, an unpinned text, or a test gap. */
type Why = { kind: 'equivalent' | 'unreached' | 'text' | 'gap'; text: string };

const REPORT = 'reports/stryker-incremental.json';
const PAGE = 'docs/mutation-survivors.md';

const counted = (m: Mutant) => ['Killed', 'Timeout', 'Survived', 'NoCoverage'].includes(m.status);
const killed = (m: Mutant) => m.status === 'Killed' || m.status === 'Timeout';
const alive = (m: Mutant) => m.status === 'Survived' || m.status === 'NoCoverage';

function folderOf(file: string): string {
  const folder = Object.keys(FOLDER_GOALS).find((f) => file.startsWith(`${f}/`));
  if (!folder) throw new Error(`${file}: in no folder of FOLDER_GOALS (scripts/mutation-notes.ts)`);
  return folder;
}

/** The equivalent-mutant notes each matched by exactly one live mutant: a note that matches none is stale. */
function equivalentNotes(report: Report): Map<Mutant, string> {
  const found = new Map<Mutant, string>();
  for (const note of EQUIVALENT) {
    const matches = (report.files[note.file]?.mutants ?? []).filter(
      (m) =>
        alive(m) &&
        m.location.start.line === note.line &&
        m.mutatorName === note.mutator &&
        (note.replacement === undefined || m.replacement === note.replacement),
    );
    if (matches.length === 0)
      throw new Error(`scripts/mutation-notes.ts: ${note.file}:${note.line} ${note.mutator}: no live mutant there any more; remove the note`);
    for (const m of matches) found.set(m, note.why);
  }
  return found;
}

function why(file: string, mutant: Mutant, equivalent: Map<Mutant, string>): Why {
  const reason = equivalent.get(mutant);
  if (reason) return { kind: 'equivalent', text: reason };
  if (mutant.status === 'NoCoverage') {
    const note = FILE_NOTES[file];
    if (!note) throw new Error(`scripts/mutation-notes.ts: ${file} has mutants no in-process test reaches; say in FILE_NOTES where it is tested`);
    return { kind: 'unreached', text: 'no in-process test runs this line' };
  }
  if (mutant.mutatorName === 'StringLiteral') return { kind: 'text', text: 'a text (message, description, annotation) no in-process test pins' };
  return { kind: 'gap', text: 'a test gap: in-process tests run this line and do not notice' };
}

/** Code in a table cell: one line, pipes escaped, at most 72 characters. */
function cell(code: string): string {
  let text = code.replace(/\s+/g, ' ').trim();
  if (text.length > 72) text = `${text.slice(0, 71)}…`;
  text = text.replace(/\|/g, '\\|');
  if (text === '') return '(empty)';
  const ticks = text.includes('`') ? '``' : '`';
  return `${ticks} ${text} ${ticks}`;
}

function original(source: string, { start, end }: Mutant['location']): string {
  const lines = source.split('\n');
  if (start.line === end.line) return lines[start.line - 1].slice(start.column - 1, end.column - 1);
  return `${lines[start.line - 1].slice(start.column - 1)} …`;
}

const percent = (n: number, d: number) => (d === 0 ? '–' : `${((100 * n) / d).toFixed(1)}%`);

interface Tally {
  killed: number;
  survived: number;
  unreached: number;
  equivalent: number;
}
const tally = (mutants: Mutant[], equivalent: Map<Mutant, string>): Tally => ({
  killed: mutants.filter(killed).length,
  survived: mutants.filter((m) => m.status === 'Survived').length,
  unreached: mutants.filter((m) => m.status === 'NoCoverage').length,
  equivalent: mutants.filter((m) => equivalent.has(m)).length,
});
/** Killed ÷ all counted; and killed ÷ all but the equivalent (the score an equivalent mutant cannot lower). */
const scores = (t: Tally) => {
  const all = t.killed + t.survived + t.unreached;
  return { all, score: percent(t.killed, all), withoutEquivalent: percent(t.killed, all - t.equivalent) };
};

const TESTING = 'docs/testing.md';
const START = '<!-- mutation-scores:start (scripts/mutation-survivors.ts writes this table) -->';
const END = '<!-- mutation-scores:end -->';

/** docs/testing.md with the scores table between its markers replaced. */
function testingPage(current: string, table: string[]): string {
  const from = current.indexOf(START);
  const to = current.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${TESTING}: the markers ${START} … ${END} are missing`);
  return `${current.slice(0, from + START.length)}\n${table.join('\n')}\n${current.slice(to)}`;
}

export function survivorsPage(report: Report): { page: string; summary: string[]; table: string[] } {
  const equivalent = equivalentNotes(report);
  const files = Object.keys(report.files).sort();
  const byFolder = new Map<string, Mutant[]>();
  for (const file of files) {
    const folder = folderOf(file);
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), ...report.files[file].mutants.filter(counted)]);
  }
  const ignored = files.reduce((n, f) => n + report.files[f].mutants.filter((m) => m.status === 'Ignored').length, 0);
  const out: string[] = [
    '# Surviving mutants',
    '',
    'Every mutant of the last `make mutation` run that no test killed, one row each, with why.',
    'Generated by `scripts/mutation-survivors.ts` from `reports/stryker-incremental.json`: do not edit',
    'by hand. Equivalent mutants and the notes per file are in `scripts/mutation-notes.ts`. How to read',
    'this page and what the scores mean: [testing.md](testing.md#mutation-scores).',
    '',
    'Why a mutant lives, in four kinds:',
    '',
    '- **equivalent**: no input can tell it from the original (the reason is given);',
    '- **unreached**: no in-process test runs its line; the file note says where that code is tested',
    '  instead (through the CLI and real tools, which a mutant of `src/` does not reach);',
    '- **text**: a message, description or annotation whose words no in-process test pins;',
    '- **gap**: tests run the line and do not notice; a test that fails on it is owed.',
    '',
    '## Scores per folder',
    '',
    '| folder | mutants | killed | survived | unreached | equivalent | score | without the equivalent | goal | met |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  const summary: string[] = [];
  const tableStart = out.length - 2;
  for (const [folder, mutants] of [...byFolder].sort(([a], [b]) => a.localeCompare(b))) {
    const t = tally(mutants, equivalent);
    const s = scores(t);
    const goal = FOLDER_GOALS[folder];
    const met = t.killed >= (goal / 100) * (s.all - t.equivalent) ? 'yes' : 'no';
    out.push(
      `| ${folder} | ${s.all} | ${t.killed} | ${t.survived} | ${t.unreached} | ${t.equivalent} | ${s.score} | ${s.withoutEquivalent} | ${goal}% | ${met} |`,
    );
    summary.push(`${folder}: ${s.score} killed (${s.withoutEquivalent} without the equivalent), goal ${goal}%: ${met === 'yes' ? 'met' : 'not met'}`);
  }
  const table = out.slice(tableStart);
  out.push('', `Static mutants (module-level constants, \`ignoreStatic\`) left out: ${ignored}.`, '', '## Files', '');
  out.push('| file | mutants | killed | survived | unreached | equivalent | score |', '|---|---|---|---|---|---|---|');
  for (const file of files) {
    const t = tally(report.files[file].mutants.filter(counted), equivalent);
    const s = scores(t);
    if (s.all === 0) continue;
    out.push(`| ${file} | ${s.all} | ${t.killed} | ${t.survived} | ${t.unreached} | ${t.equivalent} | ${s.score} |`);
  }
  for (const file of files) {
    const { source, mutants } = report.files[file];
    const living = mutants
      .filter(alive)
      .sort(
        (a, b) =>
          a.location.start.line - b.location.start.line ||
          a.location.start.column - b.location.start.column ||
          a.mutatorName.localeCompare(b.mutatorName) ||
          (a.replacement ?? '').localeCompare(b.replacement ?? ''),
      );
    if (living.length === 0) continue;
    out.push('', `## ${file}`, '', `${living.length} alive.`);
    if (FILE_NOTES[file]) out.push('', `Tested besides: ${FILE_NOTES[file]}`);
    out.push('', '| line | mutator | original | mutant | status | why |', '|---|---|---|---|---|---|');
    for (const m of living) {
      const w = why(file, m, equivalent);
      const status = m.status === 'NoCoverage' ? 'no coverage' : 'survived';
      const text = w.kind === 'equivalent' ? `equivalent: ${w.text}` : w.kind;
      out.push(
        `| ${m.location.start.line}:${m.location.start.column} | ${m.mutatorName} | ${cell(original(source, m.location))} | ${cell(m.replacement ?? '')} | ${status} | ${text.replace(/\|/g, '\\|')} |`,
      );
    }
  }
  return { page: `${out.join('\n')}\n`, summary, table };
}

const report = JSON.parse(readFileSync(REPORT, 'utf8')) as Report;
const { page, summary, table } = survivorsPage(report);
const testingNow = readFileSync(TESTING, 'utf8');
const testing = testingPage(testingNow, table);
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(PAGE, 'utf8');
  } catch {
    // A missing page differs like any other.
  }
  if (current !== page || testingNow !== testing) {
    console.error(
      `${PAGE} or the scores in ${TESTING} are not what ${REPORT} gives: run make mutation (or npx tsx scripts/mutation-survivors.ts) and commit them.`,
    );
    process.exit(1);
  }
  console.log(`${PAGE} and ${TESTING} are current:\n${summary.join('\n')}`);
} else {
  writeFileSync(PAGE, page);
  writeFileSync(TESTING, testing);
  console.log(`wrote ${PAGE} and the scores in ${TESTING}:\n${summary.join('\n')}`);
}
