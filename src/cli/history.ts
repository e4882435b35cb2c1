/** `sloforge backtest` and `sloforge backfill`: the catalog's rules replayed over past data. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadCatalog } from '../catalog/load.js';
import { parseDuration } from '../core/duration.js';
import { UserError } from '../core/errors.js';
import type { ReportFormat } from '../core/table.js';
import { backfill, backfillVictoriaMetrics, renderBackfill } from '../history/backfill.js';
import { backtest } from '../history/backtest.js';
import { parseIncidents, renderScore, scoreIncidents, tierAftermath, type Incident } from '../history/incidents.js';
import { renderBacktest } from '../history/render.js';
import { resolveCatalog } from '../model/resolve.js';
import type { ResolvedCatalog, SloPlan } from '../model/types.js';
import { parseTime } from '../prometheus-api/client.js';

type Selection = {
  slo?: string[];
  env?: string;
  service?: string;
};

function selectInstances(model: ResolvedCatalog, selection: Selection, catalog: string): SloPlan[] {
  const selected = model.instances.filter(
    (p) =>
      (!selection.slo?.length || selection.slo.includes(p.sloId)) &&
      (!selection.env || p.env === selection.env) &&
      (!selection.service || p.service.name === selection.service),
  );
  if (selected.length === 0) {
    const asked = [
      ...(selection.slo ?? []).map((id) => `--slo ${id}`),
      ...(selection.env ? [`--env ${selection.env}`] : []),
      ...(selection.service ? [`--service ${selection.service}`] : []),
    ].join(' ');
    throw new UserError(`${catalog}: no SLO instance matches ${asked || 'the catalog'} (see sloforge list)`);
  }
  return selected;
}

function timeRange(options: { from: string; to?: string; step: string }): { from: number; to: number; stepSeconds: number } {
  const from = parseTime(options.from);
  if (from === undefined) throw new UserError('--from: give a time in the past (RFC 3339 or Unix seconds)');
  const to = parseTime(options.to) ?? Math.floor(Date.now() / 1000);
  let stepSeconds: number;
  try {
    stepSeconds = parseDuration(options.step);
  } catch (error) {
    throw new UserError(`--step: ${(error as Error).message}`);
  }
  if (!(stepSeconds >= 1)) throw new UserError('--step: at least 1s');
  return { from, to, stepSeconds };
}

/** The labelled incidents of --incidents, read before the replay so that a bad file costs nothing. */
function readIncidents(file: string | undefined): Incident[] | undefined {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserError(`--incidents: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseIncidents(text, file);
}

export async function backtestCommand(
  options: Selection & {
    catalog: string;
    prometheus: string;
    from: string;
    to?: string;
    step: string;
    against?: string;
    incidents?: string;
    format: ReportFormat;
  },
): Promise<void> {
  const incidents = readIncidents(options.incidents);
  const model = resolveCatalog(await loadCatalog(options.catalog));
  const range = timeRange(options);
  const selected = selectInstances(model, options, options.catalog);
  const result = await backtest(model, selected, options.prometheus, range);
  if (!options.against) {
    if (!incidents) {
      process.stdout.write(renderBacktest(result, options.format));
      return;
    }
    const score = scoreIncidents(result.episodes, incidents, tierAftermath(selected));
    process.stdout.write(
      options.format === 'json'
        ? `${JSON.stringify({ ...result, score }, null, 2)}\n`
        : `${renderBacktest(result, options.format)}\n${renderScore(score, options.format)}`,
    );
    return;
  }
  if (incidents) throw new UserError('--incidents scores one catalog: leave out --against');
  const other = resolveCatalog(await loadCatalog(options.against));
  const against = await backtest(other, selectInstances(other, options, options.against), options.prometheus, range);
  process.stdout.write(renderBacktest(result, options.format, { current: result, against, againstName: path.basename(options.against) }));
}

export async function backfillCommand(
  options: Selection & {
    catalog: string;
    prometheus: string;
    tsdb?: string;
    from: string;
    to?: string;
    step: string;
    engine: 'prometheus' | 'victoriametrics';
  },
): Promise<void> {
  const model = resolveCatalog(await loadCatalog(options.catalog));
  const selected = selectInstances(model, options, options.catalog);
  if (options.engine === 'victoriametrics') {
    const vm = await backfillVictoriaMetrics(model, selected, options.prometheus, timeRange(options));
    const iso = (t: number) => new Date(t * 1000).toISOString();
    process.stdout.write(
      `Backfilled ${selected.length} SLO instance${selected.length === 1 ? '' : 's'} into VictoriaMetrics at ${options.prometheus} from ${iso(vm.from)} to ${iso(vm.to)}: ${vm.rules} recording rules replayed by vmalert in dependency order.\n` +
        'The series are queryable now (the rollup result cache was reset); run VictoriaMetrics with -search.disableCache, or reset it again, if a dashboard still shows the old values.\n',
    );
    return;
  }
  if (!options.tsdb) throw new UserError('--tsdb: give a new, empty folder for the blocks (or --engine victoriametrics)');
  const result = await backfill(model, selected, options.prometheus, { ...timeRange(options), tsdb: options.tsdb });
  process.stdout.write(renderBackfill(result, selected.length));
}
