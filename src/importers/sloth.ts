/**
 * Sloth specs (prometheus/v1, and Kubernetes PrometheusServiceLevel resources) to sloforge catalog
 * source a team can commit and edit. Events SLIs whose queries are a sum of one counter's rate
 * over {{.window}} map to ratio SLIs with each selector kept whole; every other events query (a
 * latency difference, `or vector(0)`, subqueries, several metrics) maps to a raw SLI that divides
 * the two queries as Sloth does; raw SLIs map to raw SLIs. Objectives, labels, page and ticket alert
 * labels and annotations, and disabled page alerts carry over. An SLO that cannot be mapped (SLI
 * plugins, SLO plugins that change the SLI) is skipped by name with the reason; the rest of the file
 * is still imported.
 */
import { z } from 'zod';
import { Rational } from '../core/decimal.js';
import { UserError } from '../core/errors.js';
import { METRIC_NAME_RE } from '../core/promql.js';
import { call, commented, writeCatalogModule, type Commented, type SourceValue } from './catalog-source.js';
import { labelNameProblem, parseShape, yamlDocuments } from './input.js';
import { sameSeries, sumRateSelector, type CounterSelector } from './query-shapes.js';
import { importedId, kebab, type IdRegistry } from './imported-id.js';

/** The longest text field an import takes (a description, a query, a label value). */
const MAX_TEXT = 64 * 1024;
const text = z.string().max(MAX_TEXT, `longer than ${MAX_TEXT} characters`);
/** Label values as YAML writes them: Sloth's Go code reads `tier: 2` as the string "2". */
const labelValue = z.union([text, z.number(), z.boolean()]).transform(String);
const labels = z.record(z.string(), labelValue).superRefine((value, context) => {
  for (const name of Object.keys(value)) {
    const problem = labelNameProblem(name);
    if (problem) context.addIssue({ code: 'custom', path: [name], message: problem });
  }
});
const alert = z.looseObject({ disable: z.boolean().optional(), labels: labels.optional(), annotations: labels.optional() });
const query = text.min(1, 'a query is required');
const sloShape = z.looseObject({
  name: z.string().min(1, 'a name is required').max(200, 'longer than 200 characters'),
  objective: z.number({ error: 'a percentage between 0 and 100 is required' }),
  description: text.optional(),
  labels: labels.optional(),
  sli: z.looseObject({
    events: z
      .looseObject({ error_query: query.optional(), total_query: query.optional(), errorQuery: query.optional(), totalQuery: query.optional() })
      .optional(),
    raw: z.looseObject({ error_ratio_query: query.optional(), errorRatioQuery: query.optional() }).optional(),
    plugin: z.unknown().optional(),
  }),
  plugins: z.unknown().optional(),
  alerting: z
    .looseObject({
      name: text.optional(),
      labels: labels.optional(),
      annotations: labels.optional(),
      page_alert: alert.optional(),
      ticket_alert: alert.optional(),
      pageAlert: alert.optional(),
      ticketAlert: alert.optional(),
    })
    .optional(),
});
const specShape = z.looseObject({
  service: z.string().min(1, 'a service name is required').max(200, 'longer than 200 characters'),
  labels: labels.optional(),
  slos: z.array(z.unknown(), { error: 'a list of SLOs is required' }),
});

type SlothAlert = z.infer<typeof alert>;
type SlothSlo = z.infer<typeof sloShape>;
type SlothSpec = z.infer<typeof specShape>;

type CounterQuery = CounterSelector;

export interface SlothImport {
  /** The catalog module, TypeScript. */
  source: string;
  warnings: string[];
  /** SLOs left out, each with where it is and why. */
  skipped: string[];
}

/** An SLO that cannot be imported: skipped with this reason, the rest of the file is imported. */
class SkippedSlo extends UserError {}

const counterQuery = sumRateSelector;

function selectorValue(query: CounterQuery): SourceValue {
  return { metric: query.metric, matchers: query.matchers.map((m) => ({ label: m.label, op: m.op, value: m.value })) };
}

/** Which Sloth documents a file holds: prometheus/v1 specs and sloth.slok.dev/v1 PrometheusServiceLevel resources. */
function specsOf(text: string, file: string): Array<{ spec: SlothSpec; where: string; document: Record<string, unknown> }> {
  return yamlDocuments(text, file).map(({ value, where }) => {
    const document = value as Record<string, unknown>;
    if (typeof document !== 'object' || Array.isArray(document))
      throw new UserError(`${where}: not a Sloth spec (a map with version: prometheus/v1, or kind: PrometheusServiceLevel)`);
    if (document.version === 'prometheus/v1') return { spec: parseShape(specShape, document, () => where), where, document };
    if (document.kind === 'PrometheusServiceLevel' && typeof document.apiVersion === 'string' && document.apiVersion.startsWith('sloth.slok.dev/')) {
      const spec = parseShape(specShape, document.spec ?? {}, () => `${where}: PrometheusServiceLevel`);
      return { spec, where, document: (document.spec ?? {}) as Record<string, unknown> };
    }
    throw new UserError(`${where}: not a Sloth spec (version: prometheus/v1, or kind: PrometheusServiceLevel)`);
  });
}

/** The alert name of a Sloth SLO without alerting.name (Sloth itself requires one). */
const UNNAMED_ALERT = 'SLOBurnRate';

/** The catalog source for the SLOs of every given Sloth file. */
export function importSloth(files: Array<{ path: string; text: string }>): SlothImport {
  const warnings: string[] = [];
  const skipped: string[] = [];
  const services = new Map<string, { labels: Record<string, string>; slos: SourceValue[]; ids: IdRegistry }>();
  for (const file of files) {
    for (const { spec, where, document } of specsOf(file.text, file.path)) {
      const entry = services.get(spec.service) ?? { labels: spec.labels ?? {}, slos: [] as SourceValue[], ids: new Map() as IdRegistry };
      spec.slos.forEach((raw, i) => {
        const slo = parseShape(sloShape, raw, (path) => `${where}: service ${JSON.stringify(spec.service)}, slos[${i}]${nameOf(raw, path)}`);
        const sloWhere = `${where}: service ${JSON.stringify(spec.service)}, SLO ${JSON.stringify(slo.name)}`;
        try {
          const plugins = [...pluginIds(document.slo_plugins ?? document.sloPlugins), ...pluginIds(slo.plugins)];
          entry.slos.push(sloValue(slo, spec, sloWhere, warnings, plugins, entry.ids));
        } catch (error) {
          if (!(error instanceof SkippedSlo)) throw error;
          skipped.push(error.message);
        }
      });
      if (entry.slos.length > 0) services.set(spec.service, entry);
    }
  }
  if (services.size === 0)
    throw new UserError(skipped.length > 0 ? `no SLO could be imported:\n${skipped.map((s) => `  ${s}`).join('\n')}` : 'no SLO found in the given files');
  const serviceValues = [...services].map(([name, { labels, slos }]) => {
    if (!kebab(name)) throw new UserError(`service ${JSON.stringify(name)}: field "service": no letter or digit to make a service name of`);
    const owner = labels.owner ?? labels.team ?? 'TODO-owner';
    if (owner === 'TODO-owner') warnings.push(`service ${JSON.stringify(name)}: no owner or team label: owner is "TODO-owner", edit it`);
    return call('service', {
      name: kebab(name),
      owner,
      runbookBaseUrl: commented(`https://runbooks.example.com/${kebab(name)}`, 'Imported from Sloth: Sloth has no runbook or dashboard URL; edit these.'),
      dashboardBaseUrl: 'https://grafana.example.com',
      environments: commented(
        [call('environment', 'production', { period: '30d', alerting: 'page-and-ticket', matchers: [] })],
        "Sloth's queries select their own series (environment included): no matchers are added.",
      ),
      slos,
    });
  });
  const source = writeCatalogModule({
    header: `Imported by sloforge import sloth from ${files.map((f) => f.path).join(', ')}. Edit freely: this is the catalog now.`,
    root: call('catalog', ...serviceValues),
  });
  return { source, warnings, skipped };
}

/** `, SLO "name"` when the SLO's name can be read (and the error is not about the name). */
function nameOf(raw: unknown, path: ReadonlyArray<PropertyKey>): string {
  const name = (raw as { name?: unknown } | null)?.name;
  return typeof name === 'string' && path[0] !== 'name' ? ` (SLO ${JSON.stringify(name)})` : '';
}

/**
 * Events SLIs. One counter's rate each: a ratio SLI whose bad and total selectors are Sloth's, whole
 * (the catalog adds no matcher of one to the other, so errors of other jobs never count). Any other
 * shape: a raw SLI of error / total, the ratio Sloth itself records, with what that costs in a comment.
 */
function eventsSli(events: SlothSlo['sli']['events'], where: string): Commented {
  const errorQuery = events?.error_query ?? events?.errorQuery;
  const totalQuery = events?.total_query ?? events?.totalQuery;
  if (!errorQuery || !totalQuery) throw new SkippedSlo(`${where}: field "sli.events": error_query and total_query are required`);
  const total = counterQuery(totalQuery, where, 'sli.events.total_query');
  const bad = counterQuery(errorQuery, where, 'sli.events.error_query');
  if (total && bad) {
    if (sameSeries(bad, total)) throw new SkippedSlo(`${where}: field "sli.events.error_query": it selects the same series as total_query`);
    return commented({ kind: 'ratio', total: selectorValue(total), bad: selectorValue(bad) }, `Sloth: error_query ${errorQuery.trim()}`);
  }
  for (const [field, query] of [
    ['error_query', errorQuery],
    ['total_query', totalQuery],
  ] as const) {
    if (!query.includes('{{.window}}')) throw new SkippedSlo(`${where}: field "sli.events.${field}": a query with {{.window}} is required`);
  }
  return commented(
    { kind: 'raw', errorRatioQuery: `(${errorQuery.trim()})\n/\n(${totalQuery.trim()})` },
    "Sloth events queries of a shape other than one counter's sum(rate(...)): imported as a raw SLI, error / total as Sloth divides them. Cost: every window, the period included, reads the raw series (no 5m rates tiled into long windows), no promtool scenarios are generated, and no low-traffic guard applies.",
  );
}

/** One error-ratio query: a raw SLI, evaluated over each window as Sloth does. */
function rawSli(raw: NonNullable<SlothSlo['sli']['raw']>, where: string): SourceValue {
  const query = raw.error_ratio_query ?? raw.errorRatioQuery;
  if (!query || !query.includes('{{.window}}')) throw new SkippedSlo(`${where}: field "sli.raw.error_ratio_query": a query with {{.window}} is required`);
  return { kind: 'raw', errorRatioQuery: query.trim() };
}

/**
 * Sloth's own SLO plugins (sloth.dev/core and sloth.dev/contrib) that change neither what the SLI
 * counts nor when a page fires: left out with a warning saying what is lost. Any other plugin (one
 * that rewrites the SLI, or a team's own Go code) skips the SLO with its name.
 */
const PLUGINS_LEFT_OUT: Record<string, string> = {
  'sloth.dev/core/debug/v1': 'it only logs',
  'sloth.dev/core/noop/v1': 'it does nothing',
  'sloth.dev/core/validate/v1': 'it validates the spec; sloforge validates the catalog',
  'sloth.dev/core/sli_rules/v1': "it writes Sloth's SLI rules; sloforge writes its own",
  'sloth.dev/core/metadata_rules/v1': "it writes Sloth's metadata rules; sloforge writes its own (slo:info and budgets)",
  'sloth.dev/core/alert_rules/v1': "it writes Sloth's alerts; sloforge writes its own tiers",
  'sloth.dev/contrib/validate_victoria_metrics/v1': 'it validates MetricsQL; use a victoriametrics target',
  'sloth.dev/contrib/info_labels/v1': "its labels on Sloth's info metric are not carried",
  'sloth.dev/contrib/remove_labels/v1': "it trims labels of Sloth's recorded series; sloforge's carry only their identity",
  'sloth.dev/contrib/rule_intervals/v1': 'its evaluation intervals are not carried: sloforge sets its own per group',
  'sloth.dev/contrib/error_budget_exhausted_alert/v1': "its budget-exhausted alert is not carried: see sloforge's budgets and gate",
};

/** The ids of a plugin chain (`{ chain: [{ id }] }`), in order. */
function pluginIds(plugins: unknown): string[] {
  const chain = (plugins as { chain?: unknown } | undefined)?.chain;
  if (!Array.isArray(chain)) return [];
  return chain.map((p) => String((p as { id?: unknown } | null)?.id ?? '(no id)'));
}

function sloValue(slo: SlothSlo, spec: SlothSpec, where: string, warnings: string[], plugins: string[], ids: IdRegistry): SourceValue {
  if (slo.sli.plugin) throw new SkippedSlo(`${where}: field "sli.plugin": Sloth SLI plugins run Go code sloforge cannot read: write the SLI as events`);
  for (const plugin of plugins) {
    if (plugin.includes('denominator_corrected'))
      throw new SkippedSlo(
        `${where}: SLO plugin ${JSON.stringify(plugin)} changes what the SLI measures (the error ratio's denominator is corrected by the period's traffic): sloforge has no equivalent, so the SLO is not imported`,
      );
    const leftOut = Object.hasOwn(PLUGINS_LEFT_OUT, plugin) ? PLUGINS_LEFT_OUT[plugin] : undefined;
    if (!leftOut)
      throw new SkippedSlo(`${where}: SLO plugin ${JSON.stringify(plugin)} is not one of Sloth's own: sloforge cannot know what it does to the rules`);
    warnings.push(`${where}: SLO plugin ${JSON.stringify(plugin)} left out: ${leftOut}`);
  }
  if (!(slo.objective > 0 && slo.objective < 100)) throw new SkippedSlo(`${where}: field "objective": a percentage between 0 and 100, got ${slo.objective}`);
  const id = importedId(slo.name, ids, where);
  if (!id) throw new SkippedSlo(`${where}: field "name": ${JSON.stringify(slo.name)} has no letter or digit to make an SLO id of`);
  const sli = slo.sli.raw ? rawSli(slo.sli.raw, where) : eventsSli(slo.sli.events, where);
  const alerting = slo.alerting ?? {};
  const page: SlothAlert = alerting.page_alert ?? alerting.pageAlert ?? {};
  const ticket: SlothAlert = alerting.ticket_alert ?? alerting.ticketAlert ?? {};
  if (ticket.disable && !page.disable)
    warnings.push(`${where}: ticket alerts are disabled in Sloth; sloforge keeps its ticket tiers (route them to a quiet receiver instead)`);
  // Sloth's identity: its alert name on every tier, the tier in sloth_severity, the team's own labels
  // (severity included) and annotations as its rules carry them, so that routes, silences and
  // inhibitions written for Sloth's alerts keep matching.
  const slothIdentity = { sloth_id: `${spec.service}-${slo.name}`, sloth_service: spec.service, sloth_slo: slo.name };
  const common = { ...spec.labels, ...slo.labels, ...alerting.labels, ...slothIdentity };
  const alertLabels = {
    ...(Object.keys(common).length ? { all: common } : {}),
    ...(page.labels ? { page: page.labels } : {}),
    ...(ticket.labels ? { ticket: ticket.labels } : {}),
  };
  const alertsOn = !(page.disable && ticket.disable);
  // vmalert takes any alert name; Prometheus only a metric name: the nearest one, said aloud.
  const alertName =
    alerting.name && !METRIC_NAME_RE.test(alerting.name) ? alerting.name.replace(/[^a-zA-Z0-9_:]/g, '_').replace(/^(?=[0-9])/, '_') : alerting.name;
  if (alertsOn && alertName !== alerting.name)
    warnings.push(
      `${where}: field "alerting.name": ${JSON.stringify(alerting.name)} is not a Prometheus alert name ([a-zA-Z_:][a-zA-Z0-9_:]*): the alerts are named ${JSON.stringify(alertName)}; routes on the old name must change`,
    );
  if (alertsOn && !alerting.name) warnings.push(`${where}: no alerting.name (Sloth requires one): the alerts are named ${JSON.stringify(UNNAMED_ALERT)}`);
  const perTier = (alert: SlothAlert) => ({ ...alerting.annotations, ...alert.annotations });
  const alertIdentity = {
    style: 'sloth',
    // No alert is written when both are disabled: any name then is a placeholder.
    alertName: alertName || UNNAMED_ALERT,
    ...(Object.keys(perTier(page)).length || Object.keys(perTier(ticket)).length ? { annotations: { page: perTier(page), ticket: perTier(ticket) } } : {}),
  };
  const budget = Rational.parse(100).sub(Rational.parse(slo.objective));
  return {
    id: id.comment ? commented(id.id, id.comment) : id.id,
    title: slo.description?.split('\n')[0] || slo.name,
    ...(slo.description ? { description: slo.description } : {}),
    sli,
    objective: commented(slo.objective, `${budget.toDecimal()}% of events may fail`),
    ...(page.disable && ticket.disable
      ? { alerting: commented('none', 'Sloth: page_alert and ticket_alert disabled: rules and dashboards, no alert') }
      : page.disable
        ? { alerting: commented('ticket-only', 'Sloth: page_alert disabled') }
        : {}),
    ...(Object.keys(alertLabels).length ? { alertLabels } : {}),
    alertIdentity: commented(alertIdentity, "Sloth's alert names, labels and annotations: routes written for Sloth's alerts keep matching"),
  };
}
