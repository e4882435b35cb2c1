/** bench-check output: table, markdown or JSON. */
import { formatMeasuredPercent, formatPercent } from '../core/format.js';
import { renderMarkdown, renderTable, type Column, type ReportFormat } from '../core/table.js';
import type { BenchCheckResult, ComparisonRow } from './compare.js';

function number(value: number | null): string {
  if (value === null) return '-';
  if (Math.abs(value) >= 1e6) return value.toExponential(3);
  return Number(value.toPrecision(4)).toString();
}

const COLUMNS: Array<Column<ComparisonRow>> = [
  { header: 'benchmark', value: (r) => r.name },
  { header: 'gate', value: (r) => r.gate ?? '-' },
  { header: 'statistic', value: (r) => r.statistic },
  { header: 'baseline', value: (r) => number(r.baseline) },
  { header: 'current', value: (r) => number(r.current) },
  { header: 'change', value: (r) => (r.change === null ? '-' : `${r.change >= 0 ? '+' : ''}${formatMeasuredPercent(r.change, 1)}`) },
  { header: 'threshold', value: (r) => (r.threshold === null ? '-' : `+${formatPercent(r.threshold)}`) },
  { header: 'noise (IQR)', value: (r) => number(r.noise) },
  { header: 'verdict', value: (r) => (r.verdict === 'regression' ? 'REGRESSION' : r.verdict) },
];

export function renderBenchCheck(result: BenchCheckResult, format: ReportFormat): string {
  if (format === 'json') return `${JSON.stringify(result, null, 2)}\n`;
  const summary = result.regressions > 0 ? `${result.regressions} regression(s): the gate fails.` : 'No regression: the gate passes.';
  const warnings = result.warnings.map((w) => `warning: ${w}`);
  if (format === 'markdown') return `${renderMarkdown(result.rows, COLUMNS)}\n${[...warnings, summary].join('\n\n')}\n`;
  return `${renderTable(result.rows, COLUMNS)}\n${[...warnings, summary].join('\n')}\n`;
}
