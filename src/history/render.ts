/** A backtest as a timeline (table or Markdown) or JSON, and the comparison of two catalogs' backtests. */
import { formatDuration } from '../core/format.js';
import { renderMarkdown, renderTable, type Column, type ReportFormat } from '../core/table.js';
import type { BacktestEpisode, BacktestResult } from './backtest.js';

const IDENTITY = new Set(['alertname', 'severity', 'service', 'slo', 'env', 'burn_window']);
const iso = (t: number) => new Date(t * 1000).toISOString().replace(':00.000Z', 'Z');

/** Labels of an alert beyond its identity: the group it fired for (route, tenant…) and catalog extras. */
function groupOf(episode: BacktestEpisode): string {
  const rest = Object.entries(episode.labels).filter(([k]) => !IDENTITY.has(k) && !['owner', 'team', 'page', 'ticket'].includes(k));
  return rest.map(([k, v]) => `${k}=${v}`).join(',');
}

const EPISODE_COLUMNS: Array<Column<BacktestEpisode>> = [
  { header: 'fired', value: (e) => iso(e.firedAt) },
  { header: 'resolved', value: (e) => (e.resolvedAt === undefined ? 'still firing' : iso(e.resolvedAt)) },
  { header: 'lasted', value: (e) => (e.resolvedAt === undefined ? '-' : formatDuration(e.resolvedAt - e.firedAt)) },
  { header: 'severity', value: (e) => e.severity },
  { header: 'alert', value: (e) => e.labels.alertname },
  { header: 'SLO', value: (e) => `${e.labels.service}/${e.labels.slo} (${e.labels.env})` },
  { header: 'group', value: (e) => groupOf(e) || '-' },
  { header: 'budget spent when fired', value: (e) => (e.budgetSpent === undefined ? '-' : `${(e.budgetSpent * 100).toFixed(1)}%`) },
];

export interface BacktestComparison {
  /** The catalog under test (the change) and the one it is compared against. */
  current: BacktestResult;
  against: BacktestResult;
  againstName: string;
}

function summaryLine(result: BacktestResult): string {
  return `${result.pages} page${result.pages === 1 ? '' : 's'} and ${result.tickets} ticket${result.tickets === 1 ? '' : 's'}`;
}

function days(result: BacktestResult): string {
  const span = (result.to - result.from) / 86_400;
  return span >= 1 ? `${Number(span.toFixed(1))} days` : formatDuration(result.to - result.from);
}

function comparisonSentence(c: BacktestComparison): string {
  const { current, against } = c;
  const verb = (n: number, m: number, what: string) =>
    n === m ? `${what} ${n} time${n === 1 ? '' : 's'}, as ${c.againstName} does` : `${what} ${n} time${n === 1 ? '' : 's'} instead of ${m}`;
  return `This change would have ${verb(current.pages, against.pages, 'paged')} and ${verb(current.tickets, against.tickets, 'opened a ticket').replace('opened a ticket', 'ticketed')} in the last ${days(current)}.`;
}

export function renderBacktest(result: BacktestResult, format: ReportFormat, comparison?: BacktestComparison): string {
  if (format === 'json') return `${JSON.stringify(comparison ? { ...comparison, sentence: comparisonSentence(comparison) } : result, null, 2)}\n`;
  const markdown = format === 'markdown';
  const table = markdown ? renderMarkdown : renderTable;
  const heading = (text: string) => (markdown ? `### ${text}\n\n` : `${text}\n`);
  const out: string[] = [];
  out.push(
    heading(`Backtest ${iso(result.from)} → ${iso(result.to)}: ${summaryLine(result)}`),
    `${result.instances.length} SLO instance${result.instances.length === 1 ? '' : 's'}, ${result.recordingRules} recording rules replayed in ${result.levels} levels every ${formatDuration(result.stepSeconds)} from ${formatDuration(result.warmupSeconds)} before the start, as Prometheus evaluates them.\n\n`,
  );
  if (result.noData.length)
    out.push(
      `${markdown ? '**' : ''}No data${markdown ? '**' : ''} in this window for ${result.noData.join(', ')}: their raw series hold no sample, so no alert could fire; "none" below is no answer for them.\n\n`,
    );
  if (comparison) out.push(`${comparisonSentence(comparison)}\n\n`);
  out.push(heading('Alerts that would have fired'));
  out.push(result.episodes.length ? table(result.episodes, EPISODE_COLUMNS) : 'none\n');
  out.push('\n', heading('Pages and tickets per day'));
  const dayRows = comparison
    ? result.days.map((d, i) => ({ ...d, againstPages: comparison.against.days[i]?.pages ?? 0, againstTickets: comparison.against.days[i]?.tickets ?? 0 }))
    : result.days.map((d) => ({ ...d, againstPages: 0, againstTickets: 0 }));
  const dayColumns: Array<Column<(typeof dayRows)[number]>> = [
    { header: 'day (UTC)', value: (d) => d.day },
    { header: 'pages', value: (d) => String(d.pages) },
    { header: 'tickets', value: (d) => String(d.tickets) },
    ...(comparison
      ? [
          { header: `pages (${comparison.againstName})`, value: (d: (typeof dayRows)[number]) => String(d.againstPages) },
          { header: `tickets (${comparison.againstName})`, value: (d: (typeof dayRows)[number]) => String(d.againstTickets) },
        ]
      : []),
  ];
  out.push(table(dayRows, dayColumns));
  if (comparison) {
    out.push('\n', heading(`Alerts that would have fired with ${comparison.againstName}`));
    out.push(comparison.against.episodes.length ? table(comparison.against.episodes, EPISODE_COLUMNS) : 'none\n');
  }
  return out.join('');
}
