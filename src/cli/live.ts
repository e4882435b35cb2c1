import { loadCatalog } from '../catalog/load.js';
import { UserError } from '../core/errors.js';
import { resolveCatalog } from '../model/resolve.js';
import { parseTime, prometheusClient } from '../prometheus-api/client.js';
import { evaluateChecklist, renderChecklist } from '../reports/checklist.js';
import type { ReportFormat } from '../core/table.js';
import { evaluateGate, gateExitCode, renderGate } from '../reports/gate.js';
import { liveReport, renderReport } from '../reports/live.js';

export async function reportCommand(options: {
  catalog: string;
  prometheus: string;
  at?: string;
  format: ReportFormat | 'html';
  env?: string;
  slo?: string;
  service?: string;
  strict?: boolean;
}): Promise<void> {
  const model = resolveCatalog(await loadCatalog(options.catalog));
  const client = prometheusClient(options.prometheus);
  const at = parseTime(options.at);
  const report = await liveReport(model, client, at, { env: options.env, slo: options.slo, service: options.service });
  if (options.format === 'html') {
    // The page for stakeholders: charts drawn now, the release checklist of the environment shown (production by default).
    const checklistEnv =
      options.env ?? (model.environments.some((e) => e.name === 'production') ? 'production' : (model.environments[0]?.name ?? 'production'));
    const checklist = await evaluateChecklist(model, client, { env: checklistEnv, window: '1d', memoryGrowth: 0.1, at, service: options.service });
    const { htmlReportData, renderHtml } = await import('../reports/html.js');
    process.stdout.write(renderHtml(await htmlReportData(model, client, report, checklist, checklistEnv)));
  } else process.stdout.write(renderReport(report, options.format));
  const missed = report.rows.some((r) => r.status === 'missed');
  const unknown = report.rows.some((r) => r.status === 'no data');
  if (missed || (options.strict && unknown)) process.exitCode = 1;
}

export async function checklistCommand(options: {
  catalog: string;
  prometheus: string;
  at?: string;
  format: ReportFormat;
  env: string;
  window: string;
  memoryGrowth: string;
  service?: string;
}): Promise<void> {
  const model = resolveCatalog(await loadCatalog(options.catalog));
  const lines = await evaluateChecklist(model, prometheusClient(options.prometheus), {
    env: options.env,
    window: options.window,
    memoryGrowth: Number(options.memoryGrowth),
    at: parseTime(options.at),
    service: options.service,
  });
  process.stdout.write(renderChecklist(lines, options.format, { env: options.env, prometheus: options.prometheus }));
  if (lines.some((l) => l.status === 'fail')) process.exitCode = 1;
}

export async function gateCommand(options: {
  catalog: string;
  prometheus: string;
  service: string;
  env: string;
  slo?: string;
  override?: string;
  at?: string;
  format: ReportFormat;
  checklist: boolean;
  checklistEnv?: string;
}): Promise<void> {
  const model = resolveCatalog(await loadCatalog(options.catalog));
  const client = prometheusClient(options.prometheus);
  const at = parseTime(options.at);
  if (!model.instances.some((i) => i.service.name === options.service) && !model.environments.some((e) => e.service === options.service))
    throw new UserError(`--service ${JSON.stringify(options.service)}: no such service in the catalog (see sloforge list)`);
  const report = await liveReport(model, client, at, { env: options.env, slo: options.slo, service: options.service });
  const by = process.env.GITHUB_ACTOR ?? process.env.USER ?? 'unknown';
  // The success criteria's checklist is run in staging before a release: there by default, when the service has it.
  const hasStaging = model.environments.some((e) => e.service === options.service && e.name === 'staging');
  const checklistEnv = options.checklistEnv ?? (hasStaging ? 'staging' : options.env);
  const checklist = options.checklist
    ? { env: checklistEnv, lines: await evaluateChecklist(model, client, { env: checklistEnv, window: '1d', memoryGrowth: 0.1, at, service: options.service }) }
    : undefined;
  const result = evaluateGate(
    model,
    report,
    { service: options.service, env: options.env },
    options.override ? { reason: options.override, by } : undefined,
    checklist,
  );
  process.stdout.write(renderGate(result, options.format));
  process.exitCode = gateExitCode(result);
}
