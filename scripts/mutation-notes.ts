/**
 * What docs/mutation-survivors.md says beside Stryker's statuses: the goal per folder, where each
 * file's code is tested when no in-process test reaches it, and the mutants that are equivalent
 * (no input can tell them from the original), each found by reading it, with the reason.
 * scripts/mutation-survivors.ts fails on a note that matches no live mutant, so notes cannot go stale.
 */

/** The goals: 85% killed in src/core and src/model, 75% elsewhere. */
export const FOLDER_GOALS: Record<string, number> = {
  'src/core': 85,
  'src/model': 85,
  'src/emitters/prometheus': 75,
  'src/reports': 75,
  'src/history': 75,
};

const E2E_RULES =
  'the generated rules run under promtool (tests/promtool-generated.test.ts, every scenario of src/emitters/promtool-tests) and in a real Prometheus (tests/e2e/paging, calendar, real-exporters)';

/** Where a file's code is tested besides the in-process tests Stryker runs (the CLI runs dist/, out of its reach). */
export const FILE_NOTES: Record<string, string> = {
  'src/core/buckets.ts': 'bucket bounds as Prometheus writes them, through generate and promtool (tests/promtool-generated.test.ts).',
  'src/core/decimal.ts': 'hand tables in tests/decimal.test.ts; every threshold of the generated rules.',
  'src/core/duration.ts': 'hand tables in tests/decimal.test.ts; every window of the generated rules.',
  'src/core/errors.ts': "the CLI's exit codes (tests/cli-safety.test.ts, tests/output-safety.test.ts): a system error's code decides exit 3 or 4.",
  'src/core/format.ts': "the dashboards' and reports' text (tests/grafana-dashboards.test.ts, tests/e2e/live-report.e2e.test.ts).",
  'src/core/generated-file.ts': 'the header of every generated file, checked by generate --check in make check.',
  'src/core/identifier.ts': 'catalog validation through the CLI (tests/catalog-validation.test.ts, tests/hostile-catalog.test.ts).',
  'src/core/labels.ts':
    'alert labels read back from real Prometheus and Alertmanager answers (tests/alert-identity-readers.test.ts, tests/e2e/paging.e2e.test.ts).',
  'src/core/once-per.ts': 'warnings printed once per run, through the CLI (tests/generate.test.ts).',
  'src/core/periods.ts': 'period lengths, through tests/calendar.test.ts and tests/e2e/calendar.e2e.test.ts.',
  'src/core/promql.ts': `PromQL built for the rules and dashboards: ${E2E_RULES}; every dashboard query in a real Prometheus (tests/e2e/dashboard-queries.e2e.test.ts).`,
  'src/core/re2.ts': 'label regexes checked by the RE2 port against Prometheus (tests/re2.test.ts, tests/import-sloth.test.ts).',
  'src/core/suggest.ts': '"did you mean" in CLI errors (tests/catalog-validation.test.ts, tests/cli-safety.test.ts).',
  'src/core/table.ts': 'the tables of report, gate, checklist and list, through the CLI (tests/e2e/live-report.e2e.test.ts, tests/generate.test.ts).',
  'src/core/time.ts': 'times given to --at, --from and --to, through the CLI (tests/e2e/backtest.e2e.test.ts, tests/e2e/live-report.e2e.test.ts).',
  'src/core/workbook.ts': 'the Workbook tiers, through tests/burn-rate.test.ts and the promtool oracle (src/emitters/promtool-tests/workbook-oracle.ts).',
  'src/core/openslo-annotations.ts': 'import and export of OpenSLO through the CLI (tests/openslo.test.ts, tests/import-openslo-shapes.test.ts).',
  'src/core/yaml.ts': 'every generated YAML file read back by promtool, amtool and vmalert.',
  'src/emitters/prometheus/alert-rules.ts': `${E2E_RULES}.`,
  'src/emitters/prometheus/capacity-rules.ts':
    'capacity rules under promtool (src/emitters/promtool-tests/scenarios/capacity.ts, run by tests/promtool-generated.test.ts).',
  'src/emitters/prometheus/rule-files.ts': `${E2E_RULES}; the layout in tests/rule-file-layout.test.ts (CLI).`,
  'src/emitters/prometheus/rule-groups.ts': `${E2E_RULES}; tests/rule-file-layout.test.ts (CLI).`,
  'src/emitters/prometheus/sli-rules.ts': `${E2E_RULES}.`,
  'src/history/incidents.ts': 'sloforge backtest --incidents against a real Prometheus (tests/e2e/backtest.e2e.test.ts).',
  'src/model/budget.ts': 'the budget files and report numbers (tests/e2e/live-report.e2e.test.ts).',
  'src/model/burn-rate.ts': `${E2E_RULES}.`,
  'src/model/calendar.ts': 'calendar periods through promtool and a real Prometheus (tests/calendar.test.ts, tests/e2e/calendar.e2e.test.ts).',
  'src/model/conventions.ts': 'every generated name, read back by promtool, the dashboards and the live commands.',
  'src/model/dependencies.ts': 'dependencies through the CLI (tests/dependencies.test.ts) and their rules under promtool.',
  'src/model/listing.ts': 'sloforge list through the CLI (tests/generate.test.ts, tests/kimberly-catalog.test.ts).',
  'src/model/low-traffic-guard.ts':
    "the guard's promtool boundary scenarios at three traffic levels (tests/low-traffic-guard.test.ts) and the incident corpus (make bench).",
  'src/model/maintenance.ts': 'maintenance windows under promtool (src/emitters/promtool-tests/scenarios) and in tests/kimberly-rules.test.ts.',
  'src/model/resolve.ts': 'every catalog compiled through the CLI (tests/generate.test.ts, tests/catalog-validation.test.ts, tests/hostile-catalog.test.ts).',
  'src/model/resolve/capacity.ts': 'capacity objectives through the CLI and promtool (tests/kimberly-rules.test.ts).',
  'src/model/resolve/checks.ts':
    'catalog errors through the CLI, exit 2 naming file, object and field (tests/catalog-validation.test.ts, tests/hostile-catalog.test.ts).',
  'src/model/resolve/composites.ts': 'composite SLOs through the CLI and promtool (tests/composite.test.ts).',
  'src/model/resolve/series.ts': 'series names read back by promtool and a real Prometheus (tests/e2e).',
  'src/model/resolve/service.ts': 'services and environments through the CLI (tests/catalog-validation.test.ts).',
  'src/model/resolve/sli.ts': `SLI resolution: ${E2E_RULES}.`,
  'src/model/window-tiles.ts': 'the tiled windows summed in a real Prometheus (tests/e2e/backtest.e2e.test.ts, bench/rule-cost.ts).',
  'src/reports/checklist.ts':
    'sloforge checklist against a real Prometheus (tests/e2e/live-report.e2e.test.ts, tests/e2e/live-answers.e2e.test.ts, tests/e2e/dashboard-queries.e2e.test.ts).',
  'src/reports/diff.ts': 'sloforge diff through the CLI (tests/diff.test.ts, tests/e2e/backtest.e2e.test.ts).',
  'src/reports/gate.ts':
    'sloforge gate against a real Prometheus (tests/e2e/live-report.e2e.test.ts, tests/e2e/live-answers.e2e.test.ts, tests/e2e/real-exporters.e2e.test.ts).',
  'src/reports/live.ts':
    'sloforge report against a real Prometheus with backfilled history, its failures and a replica pair (tests/e2e/live-report.e2e.test.ts, tests/e2e/live-answers.e2e.test.ts); hostile answers (tests/live-fuzz.test.ts).',
};

export interface EquivalentNote {
  file: string;
  line: number;
  mutator: string;
  /** The mutant's text, where one line has several mutants of the same kind and only this one is equivalent. */
  replacement?: string;
  why: string;
}

export const EQUIVALENT: EquivalentNote[] = [
  { file: 'src/core/decimal.ts', line: 13, mutator: 'EqualityOperator', why: '`den <= 0n` for `den < 0n`: a zero denominator was refused on the line before.' },
  {
    file: 'src/core/decimal.ts',
    line: 17,
    mutator: 'ConditionalExpression',
    why: 'a fast path (`den === 1n`): without it, gcd is 1 and the same Rational is built.',
  },
  { file: 'src/core/decimal.ts', line: 18, mutator: 'EqualityOperator', why: '`num <= 0n` for `num < 0n`: at 0, −0n and 0n are the same BigInt.' },
  { file: 'src/core/decimal.ts', line: 19, mutator: 'ConditionalExpression', why: 'a fast path (`g === 1n`): dividing by a gcd of 1 gives the same numbers.' },
  {
    file: 'src/core/decimal.ts',
    line: 25,
    mutator: 'ConditionalExpression',
    why: 'the safe-integer fast path: without it (or with it for every number), the text path parses the same integer.',
  },
  {
    file: 'src/core/decimal.ts',
    line: 25,
    mutator: 'EqualityOperator',
    why: 'the safe-integer fast path turned off: a string is never a safe integer, a number takes the text path to the same value.',
  },
  { file: 'src/core/decimal.ts', line: 25, mutator: 'StringLiteral', why: 'the safe-integer fast path turned off: the text path parses the same value.' },
  { file: 'src/core/decimal.ts', line: 31, mutator: 'StringLiteral', why: "a missing exponent as `''` instead of `'0'`: `Number('')` is 0 too." },
  {
    file: 'src/core/decimal.ts',
    line: 32,
    mutator: 'StringLiteral',
    why: "`(intPart || '')` for `(intPart || '0')`: a leading zero does not change a BigInt, and a number with neither part was refused.",
  },
  {
    file: 'src/core/decimal.ts',
    line: 35,
    mutator: 'EqualityOperator',
    why: '`exp > 0` for `exp >= 0`: at 0 the other branch multiplies the denominator by 10⁰ = 1.',
  },
  { file: 'src/core/decimal.ts', line: 61, mutator: 'EqualityOperator', why: '`min` with `<` for `<=`: on equal values it returns the other, equal, value.' },
  { file: 'src/core/decimal.ts', line: 64, mutator: 'EqualityOperator', why: '`max` with `>` for `>=`: on equal values it returns the other, equal, value.' },
  {
    file: 'src/core/decimal.ts',
    line: 83,
    mutator: 'ConditionalExpression',
    why: "an integer's fast path: the general path prints the same digits with no fraction.",
  },
  {
    file: 'src/core/decimal.ts',
    line: 84,
    mutator: 'EqualityOperator',
    why: '`num <= 0n` for `num < 0n`: a zero has denominator 1 and returned on the line before.',
  },
  {
    file: 'src/core/decimal.ts',
    line: 96,
    mutator: 'ConditionalExpression',
    why: 'rounding is decided for a zero remainder too: `0 * 2 >= den` is false for every positive denominator.',
  },
  {
    file: 'src/core/decimal.ts',
    line: 96,
    mutator: 'EqualityOperator',
    why: 'exactly half a unit left means the expansion ends one digit later, so it is terminating, and a terminating one is printed in full without rounding.',
  },
  { file: 'src/core/decimal.ts', line: 116, mutator: 'ConditionalExpression', why: 'gcd(0, 0) only: every caller passes a non-zero denominator.' },
  {
    file: 'src/core/duration.ts',
    line: 24,
    mutator: 'ConditionalExpression',
    why: 'the cache of parsed durations always missing: a miss parses the same value again.',
  },
  {
    file: 'src/core/duration.ts',
    line: 26,
    mutator: 'ConditionalExpression',
    why: "the cache's size limit: a value kept or not is parsed to the same number.",
  },
  { file: 'src/core/duration.ts', line: 26, mutator: 'EqualityOperator', why: "the cache's size limit: a value kept or not is parsed to the same number." },
  {
    file: 'src/model/budget.ts',
    line: 28,
    mutator: 'EqualityOperator',
    why: '`burnRate >= 0` for `> 0`: at 0 both give Infinity, one by the guard and one by dividing by zero.',
  },
  {
    file: 'src/model/low-traffic-guard.ts',
    line: 55,
    mutator: 'EqualityOperator',
    why: '`r <= longest` for `r < longest`: the longest window joins the set anyway.',
  },
  {
    file: 'src/history/incidents.ts',
    line: 157,
    mutator: 'EqualityOperator',
    why: 'ranking alerts of equal severity with `>=` for `>`: the same severity wins either way.',
  },
  { file: 'src/history/incidents.ts', line: 66, mutator: 'OptionalChaining', why: '`?.name` on a value already known to be an object.' },
];
